"""What Convene says to people: hearing texts, reminders, and understanding their replies."""
