"""The monthly indicator report, locally and nationally, as HTML, PDF and XLSX."""
