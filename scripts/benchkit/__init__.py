"""The parts of ``make bench`` (scripts/bench.py): where it runs, a browser that
keeps its cookies and fills forms, the page figures, the loads, the background jobs."""
