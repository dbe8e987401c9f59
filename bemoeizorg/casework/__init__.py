"""The case records: intake, persons, cases, lists, drafts, reference data, meetings,
retention, bulk intake. Reads and writes through `store.Register`; no Qt, no files."""
