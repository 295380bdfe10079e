"""The made-up words of the seeded organisation: names, phrases, hashtags, and the drills' rubric."""

RUBRIC = [
    {"kind": "uses_hashtag", "params": {"hashtag": "session"}, "weight": 2, "message": "Tag the session."},
    {"kind": "mentions_handle", "params": {"handle": "trainer"}, "weight": 1, "message": "Mention your trainer."},
    {"kind": "length_between", "params": {"min": 20, "max": 280}, "weight": 1, "message": "Say a little more."},
    {"kind": "not_shouting", "params": {}, "weight": 1, "message": "No need to shout."},
    {"kind": "policy_no_phi", "params": {}, "weight": 3, "message": "Never share patient details."},
]
TOP_TAG = "tweetcamp"
TAGS = [TOP_TAG, "safety", "handhygiene", "flushot", "nursesweek", "teamwork", "research", "wellbeing"]
FIRST = "Ada Ben Cal Dee Eli Fay Gus Hal Ivy Jon Kit Lea Max Nia Oli Pam Quin Rae Sam Tia Uma Vic Wes Xia Yas Zoe"
LAST = "Abbot Baker Chen Diaz Evans Fox Garcia Hughes Iqbal Jones Khan Lopez Moore Novak Okafor Patel Quinn Rossi"
PHRASES = [
    "Great session on using social media well today",
    "Reminder: wash your hands between every patient",
    "Proud of our team this week",
    "New guidance on flu vaccination is out",
    "Anyone going to the wellbeing walk on Friday?",
    "Here is what I learnt about writing a clear post",
    "Our research day was a real success",
    "Thank you to everyone who covered a shift",
]
