# Consultations: comment rounds on drafts, threaded comments, the comment form and the exports.

comments-heading = Comments
comments-count = { $count ->
    [0] No comments yet
    [one] { $n } comment
   *[other] { $n } comments
}
comments-export-csv = Download all comments (CSV)
comments-print = Printable version of all rounds
comments-round = Round { $number }
comments-open = Open for comments
comments-closed = Closed
comments-superseded = Superseded by a newer version
comments-period = Circulated { $from }, comments until { $until }
comments-see-version = See this version
comments-version = Version commented on:
comments-none = No comment in this round that you may see.
comments-verified = Signature verified
comments-not-verified = Signature does not verify
comments-late = Late
comments-section = On:
comments-in-reply-to = In reply to No. { $number }
comments-reply = Reply
comments-form-heading = Add a comment
comments-submit = Send the comment
comments-submit-reply = Send the reply
comments-sign-in = Sign in to comment on this draft.
comments-field-text = Your comment
comments-field-section = Section or paragraph
comments-field-section-help = For example: Section 3.2, paragraph 14.
comments-field-language = Language of the comment
comments-language-unsaid = Not stated
comments-new-title = Comment on a draft
comments-reply-title = Reply to a comment
comments-replying-to = You are replying to:
comments-closed-notice = This draft is not open for comments now.
comments-print-title = Comments on { $title }
comments-back = Back to the document
comments-col-number = No.
comments-col-organisation = Organisation
comments-col-signed = Signed
comments-col-section = Section
comments-col-comment = Comment
comments-audience-public = Circulated to the public
comments-audience-partners = Circulated to all partners
comments-audience-nodes = Circulated to { $orgs }
comments-audience-group = Circulated to the members of { $group }
comments-error-language = Choose a language from the list.
comments-refused-comment_period_closed = The comment period of this draft has closed; comments are no longer taken.
comments-refused-not_open_for_comment = This document version is not circulated for comments.
comments-refused-reply_target_invalid = A reply must answer a comment on the same version of the draft.
comments-refused-target_superseded = A newer version of this draft exists; comment on the current version.
comments-refused-target_retracted = What you are responding to has been withdrawn by its publisher.
comments-refused-not_admitted = Your organisation is not among those this draft was circulated to.
comments-refused-wrong_target = Only a document, or a comment on one, can be answered here.
comments-refused-reference_not_found = This node does not hold what you are responding to.
comments-threads-shown = Threads { $from }–{ $to } of { $threads }, each with its replies
comments-other-pages = This round’s comments are on other pages.
comments-pages = Pages of comments
