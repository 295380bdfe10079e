from practice.services.feeds import add_member, create_cohort_feed, is_member, open_feed, remove_member, update_cohort_feed  # noqa: F401
