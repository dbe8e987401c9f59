"""Child-process scripts and shared pieces of the fault-injection tests."""
