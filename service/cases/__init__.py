"""Cases: referrals and their screening, parties and persons, the case history, notes, retention."""
