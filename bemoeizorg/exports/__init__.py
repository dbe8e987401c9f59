"""What leaves the laptop: meeting packs and their PDF, annual counts and team files.
Export code never imports the reporter's table (tests/test_layers.py checks real imports)."""
