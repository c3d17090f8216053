from teletype.cli import main

raise SystemExit(main())
