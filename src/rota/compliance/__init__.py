"""Workforce compliance: training, supervision, appraisal, recruitment checks, rota gating and CQC indicators.

Pure functions over domain records (no I/O), except `csv_import`, `export` and `evidence`, which read
and write files explicitly.
"""
