# What's new for me: the dashboard's "For you" section, the personal feed, its account forms.
notifications-for-you = For you
notifications-items-count = { $count ->
    [0] nothing new
    [one] { $n } item
   *[other] { $n } items
}
notifications-section-consultations = Consultations closing soon
notifications-section-surveys = Surveys awaiting your answer
notifications-section-meetings = Meeting invitations to answer
notifications-section-comments = Comments on your documents
notifications-none-consultations = No consultation open to your organisation closes in the next 14 days.
notifications-none-surveys = No open survey awaits your organisation's answer.
notifications-none-meetings = No upcoming meeting awaits your organisation's answer.
notifications-none-comments = No other organisation has commented on your documents in the last 30 days.
notifications-when-consultations = closes { $date }
notifications-when-surveys = closes { $date }
notifications-when-meetings = starts { $date }
notifications-when-comments = commented { $date }
notifications-feed-manage = Follow this in a feed reader
notifications-feed-title = What's new for me on { $name }
notifications-entry-consultation = Consultation closing soon: { $title }
notifications-entry-survey = Survey awaiting your answer: { $title }
notifications-entry-meeting = Meeting invitation: { $title }
notifications-entry-comment = New comment on { $title }
notifications-summary-consultation = From { $origin }; comments close { $date }.
notifications-summary-survey = From { $origin }; answers close { $date }.
notifications-summary-meeting = From { $origin }; the meeting starts { $date }.
notifications-summary-comment = From { $origin }, { $date }.
notifications-summary-from = From { $origin }.
notifications-feed-heading = Your personal feed
notifications-feed-help = A private feed address lists what is new for you (consultations closing soon, surveys and invitations to answer, comments on your documents) in any feed reader. Anyone who has the address can read the feed: keep it to yourself, and revoke it if it leaks.
notifications-feed-none = You have no feed address.
notifications-feed-exists = Your feed address was created on { $date }.
notifications-feed-create = Create my feed address
notifications-feed-replace = Replace it with a new address
notifications-feed-revoke = Revoke my feed address
notifications-feed-revoked = Your feed address is revoked; feed readers using it now get nothing.
notifications-feed-created-title = Your feed address
notifications-feed-url-heading = Add this address to your feed reader
notifications-feed-once = Copy it now: it is shown only this once.
notifications-feed-use = Any earlier address of yours no longer works.
notifications-feed-url = Feed address
notifications-back-to-account = Back to your account
