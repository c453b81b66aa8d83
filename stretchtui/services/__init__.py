"""Services: what neither draws nor only stores. The one running session and what must
outlive its screen (its record, its state file), and programs started for the user (speech).
No Textual."""
