"""What the organizers' admin shares across the apps: Russian grammar for its sentences
built from model names, widgets and filters that work with a keyboard and a screen
reader, and the theme. It imports no stage app; the stage apps' admins use it."""
