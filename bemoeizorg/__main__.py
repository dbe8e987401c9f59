from bemoeizorg.cli import main

raise SystemExit(main())
