# Publishing forms (portal::publish).

# Landing page.
publish-title = Publish
publish-intro = Everything published here is signed by { $name } and shared with the partners it is meant for. Choose what to publish.
publish-document-title = Publish a document
publish-document-explanation = A report, a working paper, a note or any other text, with its files (PDF, DOCX, ODT, HTML, plain text) or its text typed in.
publish-document-versions = To publish a new version (revision, corrigendum, addendum) or an edition in another language, open the document's page and choose it under "Publish from this document".
publish-meeting-title = Announce a meeting
publish-meeting-explanation = A plenary, a working-group meeting, a workshop or a webinar: when and where, who is invited, and its agenda linked to the exact documents.
publish-group-title = Create a working group
publish-group-explanation = A thematic working group: its mandate, the organisations that convene it and its members. Changes to its members are published as new versions.
publish-signed-note = A published record cannot be edited or deleted: a correction is a new version that points to the one it replaces.

# Shared labels.
publish-required = (required)
publish-choose = Choose…
publish-no-group = No working group
publish-field-title = Title
publish-field-status = Status
publish-field-group = Working group
publish-field-description = Description

# Visibility.
publish-visibility = Who may see it
publish-visibility-public = Public
publish-visibility-public-help = Anyone, including visitors who are not signed in and search engines.
publish-visibility-partners = Partners
publish-visibility-partners-help = The signed-in staff of every organisation of the federation.
publish-visibility-group = Only the members of a working group
publish-visibility-which-group = Working group whose members may see it
publish-visibility-nodes = Only the organisations chosen below
publish-visibility-which-nodes = Organisations that may see it

# Document form.
publish-document-new-version = New version of a document
publish-document-new-version-of = New version of { $title }
publish-document-new-version-intro = This version will replace:
publish-document-edition = Edition in another language
publish-document-edition-of = Edition of { $title } in another language
publish-document-edition-intro = This edition is the same work as:
publish-field-symbol = Symbol
publish-field-symbol-help = The official document symbol, for example OECD/GOV/RPC(2017)5/REV1.
publish-field-doc-type = Type of document
publish-field-doc-type-help = For example report, working paper, note, recommendation.
publish-field-language = Language
publish-language-other = Another language (type its code)
publish-field-language-other = Code of another language
publish-field-language-other-help = Only when "Another language" is chosen: a BCP 47 code such as de, pt-BR or zh-Hant.
publish-field-comment-until = Comments accepted until
publish-field-comment-until-help = Only for a draft under consultation: the last day partners may comment.
publish-field-relation = How this version relates to the previous one
publish-field-relation-help = A revision replaces the whole text; a corrigendum corrects parts of it; an addendum adds to it.
publish-field-summary = Summary
publish-field-authors = Authors
publish-field-authors-help = One person or unit per line.
publish-field-tags = Keywords
publish-field-tags-help = Separated by commas.
publish-field-text = Text
publish-field-text-help = The document's text, when it has no file.
publish-keep-files = Files of the previous version to keep
publish-field-files = Files
publish-field-files-help = One or more files, at most { $limit } each. They are kept only if the document is published.
publish-files-again = The form was not published, so the files you chose were not kept: choose them again.
publish-document-submit = Sign and publish the document

# Meeting form.
publish-meeting-update = Update of a meeting
publish-meeting-update-of = Update of { $title }
publish-meeting-update-intro = This update will replace:
publish-field-series = Series
publish-field-series-help = For the archive, for example Annual Meeting of the Partnership.
publish-field-meeting-type = Type of meeting
publish-meeting-type-plenary = Plenary
publish-meeting-type-working_group = Working-group meeting
publish-meeting-type-workshop = Workshop
publish-meeting-type-webinar = Webinar
publish-meeting-type-other = Other
publish-meeting-status-planned = Planned
publish-meeting-status-confirmed = Confirmed
publish-meeting-status-held = Held
publish-meeting-status-cancelled = Cancelled
publish-meeting-when = When
publish-field-timezone = Time zone of the meeting
publish-field-timezone-help = The dates and times below are on this clock. An IANA name such as Europe/Paris or America/New_York.
publish-field-start-date = Start date
publish-field-start-time = Start time
publish-field-end-date = End date
publish-field-end-time = End time
publish-meeting-where = Where
publish-field-venue = Venue
publish-field-address = Address
publish-field-online-url = Link to join online
publish-field-online-url-help = A web address starting with https://.
publish-field-host = Host organisation
publish-field-minutes = Minutes
publish-field-minutes-help = The record id of the document holding the minutes, or a link to its page.
publish-field-invited = Invited organisations
publish-agenda = Agenda
publish-agenda-help = One item per row; rows left empty are ignored. List the documents of an item by their record id or a link to their page, one per line.
publish-agenda-row = Item { $n }
publish-agenda-number = Number
publish-agenda-item-title = Title of the item
publish-agenda-documents = Documents
publish-agenda-description = Notes
publish-agenda-more = More agenda rows
publish-meeting-submit = Sign and publish the meeting

# Working-group form.
publish-group-update = New version of a working group
publish-group-update-of = New version of { $name }
publish-group-update-intro = This version will replace:
publish-field-group-name = Name
publish-field-slug = Short name for addresses
publish-field-slug-help = Lowercase letters and digits joined by hyphens, for example regulatory-impact-assessment.
publish-field-theme = Theme
publish-field-mandate = Mandate and work programme
publish-field-progress = Progress (percent)
publish-field-progress-help = A whole number from 0 to 100.
publish-field-convenors = Convening organisations
publish-field-members = Member organisations
publish-field-members-help = Members see what is published for the group only. This organisation is always a member.
publish-group-submit = Sign and publish the working group

# Errors.
publish-error-summary = Nothing was published. Correct the following and send the form again:
publish-error-visibility = Choose who may see it.
publish-error-visibility-group = Choose the working group whose members may see it.
publish-error-visibility-nodes = Choose at least one organisation that may see it.
publish-error-unknown-working_group = “{ $id }” is not a working group you may see.
publish-error-unknown-document = “{ $id }” is not a document this node holds that you may see.
publish-error-file-too-large = A file is larger than this node accepts ({ $limit } at most). Nothing was stored: choose smaller files.
publish-error-date = Enter a date as YYYY-MM-DD.
publish-error-time = Enter a time as HH:MM (24-hour clock).
publish-error-date-time = Enter both a date and a time.
publish-error-end-before-start = The end must come after the start.
publish-error-timezone = “{ $zone }” is not a time zone. Use an IANA name such as Europe/Paris.
publish-error-edition = The document this edition belongs to is not valid.
publish-error-agenda-title = Give this item a title.
publish-error-agenda-documents = Not documents this node holds that you may see: { $ids }.
publish-error-organisation = An organisation chosen is not known to this node.
publish-error-slug = Use lowercase letters and digits joined by single hyphens (at most 64 characters).
publish-error-progress = Enter a whole number from 0 to 100.
publish-error-too-large = What you sent is larger than this node accepts. Nothing was published: shorten the longest text.
