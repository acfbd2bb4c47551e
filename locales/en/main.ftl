# The interface's own description of its language.
language-name = English
language-direction = ltr
language-switch = Language

# Numbers, sizes, dates.
number-group-separator = ,
number-decimal-separator = .
size-bytes = { $count ->
    [one] { $n } byte
   *[other] { $n } bytes
}
size-kb = { $value } kB
size-mb = { $value } MB
size-gb = { $value } GB
date-long = { $day } { $month ->
    [1] January
    [2] February
    [3] March
    [4] April
    [5] May
    [6] June
    [7] July
    [8] August
    [9] September
    [10] October
    [11] November
   *[12] December
} { $year }
time-short = { $time }
date-time = { $date }, { $time } ({ $zone })

# Frame of every page.
skip-to-content = Skip to main content
nav-label = Main
nav-home = Dashboard
nav-search = Search
nav-meetings = Meetings
nav-groups = Working groups
nav-organisations = Organisations
nav-verify = Verify a file
nav-publish = Publish
nav-admin = Administration
sign-in = Sign in
sign-out = Sign out
signed-in-as = Account: { $name }
footer-node = { $name } — a node of the Plenary federation
footer-identity = This node's identity
footer-feed = Atom feed
footer-calendar = Calendar (iCalendar)
footer-about = Every record shown here is signed by the organisation that published it; each page shows who signed it and whether the signature verifies.

# Problem pages.
problem-home = Go to the dashboard
problem-not-found = Page not found
problem-not-found-explanation = There is no page at this address, or it shows something you may not see.
problem-forbidden = Not allowed
problem-forbidden-explanation = Your account may not do this.
problem-stale-form = This form has expired
problem-stale-form-explanation = The form was sent without its security token, with an old one, or from another site. Go back, reload the page and try again.
problem-bad-request = The request could not be understood
problem-bad-request-explanation = Something in the address or the form is not valid.
problem-too-large = Too large
problem-too-large-explanation = What you sent is larger than this node accepts.
problem-too-many = Too many attempts
problem-too-many-explanation = Wait a little before trying again.
problem-unavailable = Temporarily unavailable
problem-unavailable-explanation = The node is busy or shutting down. Try again in a moment.
problem-internal = Something went wrong
problem-internal-explanation = The node could not show this page. The operator can find the cause in the node's log.

# Record kinds, statuses, relations, languages.
kind-node = Organisation
kind-document = Document
kind-meeting = Meeting
kind-working_group = Working group
kind-comment = Comment
kind-rsvp = Reply to an invitation
kind-survey = Survey
kind-survey_response = Survey response
kind-endorsement = Endorsement
kind-retraction = Retraction
kind-key = Key change
status-draft = Draft
status-consultation = Under consultation
status-final = Final
status-withdrawn = Withdrawn
relation-revision = Revision
relation-corrigendum = Corrigendum
relation-addendum = Addendum
lang-en = English
lang-fr = French
lang-es = Spanish
lang-ru = Russian
lang-ar = Arabic
lang-zh = Chinese
lang-und = Language unknown
statement-endorses = endorses
statement-co-authored = co-authored
statement-reviewed = reviewed
statement-acknowledges = acknowledges
statement-objects = objects
version-current = current version
version-superseded = superseded
version-retracted = retracted

# Dashboard.
dashboard-title = Dashboard
dashboard-heading = { $name }
dashboard-upcoming = Upcoming meetings
dashboard-no-meetings = No meetings are scheduled.
dashboard-all-meetings = All meetings and the archive
dashboard-consultations = Open consultations
dashboard-no-consultations = No draft is open for comment.
dashboard-comments-until = comments until { $date }
dashboard-recent = Recently published across the federation
dashboard-no-documents = Nothing has been published yet.
dashboard-all-documents = All documents, newest first
dashboard-groups = Working groups
dashboard-no-groups = No working group yet.
dashboard-health = The federation
health-organisations = Organisations
health-peers = Partner nodes reached
health-peers-reachable = { $reachable } of { $peers }
health-last-sync = Last exchange
health-never = not yet
health-records = Signed records held
group-progress-of = Progress of { $name }
group-members-count = { $count ->
    [one] { $n } member organisation
   *[other] { $n } member organisations
}
group-status-active = Active
group-status-paused = Paused
group-status-closed = Closed

# Search.
search-title = Search
search-title-for = Search: { $query }
search-label = Search documents, meetings and groups across the federation
search-button = Search
search-help = Words, "exact phrases", AND / OR / NOT, or a document symbol such as OECD/GOV/RPC(2017)5.
search-more-filters = Dates, order and versions
search-from = Signed on or after
search-to = Signed before
search-sort = Order
search-sort-relevance = Most relevant first
search-sort-newest = Newest first
search-current-only = Current versions only
search-error-date = Enter a date as YYYY-MM-DD.
search-active-filters = Active filters
search-remove-filter = Remove filter: { $filter }
search-chip-from = from { $date }
search-chip-to = before { $date }
search-facets = Narrow the results
facet-kind = Type
facet-origin = Organisation
facet-lang = Language
facet-status = Status
facet-group = Working group
facet-year = Year
search-results = { $count ->
    [one] { $n } result
   *[other] { $n } results
}
search-nothing = Nothing matches. Try fewer words or remove a filter.
search-start = Everything you may see, newest first when you choose that order.
search-feed = Follow this search (Atom feed)
pagination = Pages
pagination-previous = Previous page
pagination-next = Next page
pagination-page-of = Page { $page } of { $pages }

# Sign-in.
login-title = Sign in
login-intro = Sign in to { $name } with the account its administrators gave you.
login-username = User name
login-password = Password
login-error-credentials = The user name or the password is wrong.
login-error-throttled = { $count ->
    [one] Too many failed attempts. Try again in { $n } second.
   *[other] Too many failed attempts. Try again in { $n } seconds.
}
login-first-time = First time here? The node's first administrator account is called admin; its password was printed once when the node first started.

# Records and provenance.
record-heading = Signed record: { $kind }
record-about = About
prov-heading = Provenance
prov-verified = The signature verifies: this record is exactly as its publisher signed it.
prov-not-verified = The signature does not verify: do not rely on this record.
prov-retracted = The publisher has retracted this record; its content and files are withdrawn.
prov-see-retraction = See the retraction
prov-not-current = A newer version exists.
prov-see-current = See the current version
prov-current = This is the current version.
prov-signed-by = Signed by
prov-node-id = Node id
prov-fingerprint = Fingerprint
prov-key = Signing key
prov-signed-at = Signed at
prov-log-position = Position in the publisher's log
prov-record-id = Record id
prov-raw = The signed record (JSON)

# Document page.
document-withheld-title = Document
document-withheld = You may not see this document's content, or its publisher retracted it. Its signed header is below.
document-symbol = Symbol
document-comments-until = Open for comments until { $date }.
document-publisher = Published by
document-published = Signed on
document-authors = Authors
document-group = Working group
document-tags = Keywords
document-summary = Summary
document-text = Text
document-files = Files
file-name = Name
file-type = Type
file-size = Size
file-sha256 = SHA-256
document-versions = Versions
document-version-hidden = a version you may not see
document-editions = Language editions
document-endorsements = Endorsements
endorsement-line = { $org } { $statement } this document
document-actions = Publish from this document
document-new-version = A new version (revision, corrigendum, addendum)
document-new-edition = An edition in another language

# Feeds.
feed-recent-title = Recently published documents

# Form errors shared by every form (the node's own words may follow in brackets).
form-error-required = This field is required.
form-error-invalid = This value is not accepted.
form-error-too-large = This is larger than the node accepts.
form-error-reference = This names a record the node does not hold, or of the wrong kind.
form-error-conflict = This conflicts with what already exists.
form-error-refused = The node refused this.
