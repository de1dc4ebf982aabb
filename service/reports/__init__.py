"""Program reports: the figures programs publish, for any period, program and neighborhood."""
