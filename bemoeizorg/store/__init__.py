"""Everything that touches the register file: keys, schema, queries, the access log."""
