# Meetings, working groups, organisations, calendar and feeds (the portal's reading pages).

# Meetings archive.
meetings-title = Meetings
meetings-calendar = Subscribe to the meetings calendar (iCalendar)
meetings-calendar-help = Calendar applications can follow this address; to include meetings open only to partners, add an API token from your account.
meetings-filters = Filter meetings
meetings-years = Years
meetings-all-years = All years
meetings-series = Series
meetings-all-series = All series
meetings-filtered-year = Showing { $year }.
meetings-filtered-series = Series: { $series }.
meetings-clear-filters = Show all meetings
meetings-upcoming = Upcoming meetings
meetings-no-upcoming = No upcoming meeting.
meetings-archive = Archive
meetings-no-past = No past meeting.
meetings-no-series = Other meetings
meetings-error-year = The year must be a number such as 2026.

# Meeting types and statuses.
meeting-type-plenary = Plenary
meeting-type-working_group = Working group meeting
meeting-type-workshop = Workshop
meeting-type-webinar = Webinar
meeting-type-other = Meeting
meeting-status-planned = Planned
meeting-status-confirmed = Confirmed
meeting-status-held = Held
meeting-status-cancelled = Cancelled

# Meeting page.
meeting-withheld-title = Meeting
meeting-withheld = You may not see this meeting's details, or its organiser retracted them. Its signed header is below.
meeting-cancelled = This meeting is cancelled.
meeting-cancelled-explanation = It will not take place as announced.
meeting-local-time = Local time ({ $zone })
meeting-your-time = Your time
meeting-venue = Venue
meeting-address = Address
meeting-online = Join online
meeting-organiser = Organised by
meeting-host = Hosted by
meeting-group = Working group
meeting-about = About this meeting
meeting-agenda = Agenda
meeting-no-agenda = No agenda has been published yet.
meeting-item-documents = Documents for this item
meeting-revised = revised since the agenda
meeting-see-current = see the current version
meeting-document-unavailable = A document you may not see, or not yet received:
meeting-minutes = Minutes
meeting-participants = Participants
meeting-participant-organisation = Organisation
meeting-participant-response = Reply
meeting-participant-attendees = Attendees
meeting-no-attendees = not named
rsvp-accept = Will attend
rsvp-decline = Will not attend
rsvp-tentative = May attend
meeting-calendar = Calendar
meeting-add-to-calendar = Add to my calendar (.ics)
meeting-updates = { $count ->
    [one] Updated once since first announced.
   *[other] Updated { $n } times since first announced.
}
meeting-invited = Invited organisations

# Working groups.
groups-title = Working groups
groups-intro = The partnership's thematic working groups, their mandate and their progress.
groups-progress = { $percent }% done
group-withheld-title = Working group
group-withheld = You may not see this working group's details, or its convenor retracted them. Its signed header is below.
group-feed = Follow this group's documents (Atom feed)
group-mandate = Mandate and work programme
group-no-mandate = No mandate has been published.
group-documents = Documents
group-no-documents = No document of this group that you may see.
group-meetings = Meetings
group-no-meetings = No meeting of this group that you may see.
group-convenors = Convenors
group-members = Member organisations

# Organisations.
orgs-title = Organisations
orgs-intro = Every organisation whose signed records this node holds. Check a partner's fingerprint with them before you rely on its records.
orgs-caption = Organisations of the federation
orgs-name = Name
orgs-acronym = Acronym
orgs-records = Signed records held
orgs-unnamed = Organisation not yet described
orgs-this-node = this node
org-website = Website
org-languages = Working languages
org-published = Published documents
org-documents-count = { $count ->
    [one] ({ $n } document you may see)
   *[other] ({ $n } documents you may see)
}
org-no-documents = No document of this organisation that you may see.
org-search-documents = Search this organisation's documents
org-meetings = Meetings it organises or hosts
org-no-meetings = No meeting that you may see.
org-groups = Working groups it takes part in
org-no-groups = No working group that you may see.

# Calendar and feeds.
calendar-name = { $acronym } meetings
feed-group-title = Working group: { $name }
feed-search-title = Search: { $query }
feed-search-title-all = Search results, newest first
