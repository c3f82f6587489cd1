"""What a manager reads: per-shift staffing and safety, KPIs, gap explanations, exports."""
