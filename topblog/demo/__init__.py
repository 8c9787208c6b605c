"""The demo season: a realistic current season, thousands of applicants and one login per
role, generated from a seed so the portal can be shown and load-tested."""
