"""Certificate rows, render jobs and chunks, blank calibrations."""
