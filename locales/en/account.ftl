# Verify a file (/verify).
verify-title = Verify a file
verify-intro = Check a file you hold against the records signed by the organisations of the federation. The file is only read to compute its SHA-256 fingerprint; { $name } does not keep it.
verify-result = Result
verify-file-name = File
verify-file-size = Size
verify-file-sha256 = SHA-256
verify-none = No record held by this node lists this file.
verify-none-explanation = It may have been published on a node this one does not exchange with, or it may have been altered: changing a single byte gives a completely different SHA-256. Ask the publisher for the original.
verify-listed-by = { $count ->
    [one] Listed by { $n } record you may see:
   *[other] Listed by { $n } records you may see:
}
verify-signature-ok = The signature verifies: the record is exactly as its publisher signed it, and so is this file.
verify-signature-bad = The signature does not verify: do not rely on this record.
verify-current = This is the current version.
verify-superseded = This is not the current version: a newer version replaces it.
verify-see-current = See the current version
verify-retracted = The publisher has retracted this record.
verify-published-by = Published by
verify-check = Check a file
verify-another = Check another file
verify-file-label = File to check
verify-file-help = Choose a file or drop it here. Up to { $limit }; the file is hashed, never stored.
verify-file-button = Check this file
verify-hash-heading = Or enter its SHA-256
verify-hash-label = SHA-256 of the file
verify-hash-help = 64 hexadecimal characters, as printed by sha256sum or Get-FileHash (a file name after it is ignored).
verify-hash-button = Look up this SHA-256
verify-error-hash = This is not a SHA-256: enter the 64 hexadecimal characters (0–9, a–f) that sha256sum prints.
verify-error-no-file = Choose a file to check.
verify-error-too-large = This file is larger than { $limit }, the largest this node checks. Compute its SHA-256 yourself (sha256sum) and enter it below instead.

# The account page (/account).
account-title = Your account
account-who = Who you are here
account-username = User name
account-role = Role
account-role-member = Member
account-role-editor = Editor
account-role-admin = Administrator
account-role-explained-member = reads, comments, replies to invitations and surveys
account-role-explained-editor = also publishes documents, meetings and working groups
account-role-explained-admin = also manages accounts and partner nodes
account-errors-summary = Some changes could not be made:
account-password-heading = Change your password
account-password-help = You stay signed in on this browser; every other session of your account ends.
account-current-password = Current password
account-new-password = New password
account-confirm-password = New password again
account-password-button = Change password
account-done-password = Your password is changed. Your other sessions have ended.
account-preferences-heading = Language and time zone
account-language = Interface language
account-language-browser = As my browser asks
account-timezone = Time zone
account-timezone-help = A time zone name such as Europe/Paris or America/New_York. Leave empty for UTC.
account-preferences-button = Save preferences
account-done-preferences = Your preferences are saved.
account-tokens-heading = Your API tokens
account-tokens-help = A token lets a program act as you through the node's API, with your role. Revoke any you no longer use.
account-tokens-none = You have no API token.
account-token-name = Token name
account-token-name-help = 1 to 64 lowercase letters, digits, dots, hyphens or underscores, starting with a letter or digit; unique on this node.
account-token-created-at = Created
account-token-actions = Actions
account-token-revoke = Revoke
account-token-new = Create a token
account-token-create = Create token
account-token-created = Token { $name } created
account-token-once = Copy this secret now: it is shown only this once and cannot be retrieved later.
account-token-use = Send it as "Authorization: Bearer …"; anyone who holds it acts as you.
account-token-secret = Secret of the new token
account-done-revoked = The token is revoked; programs using it are refused from now on.
account-error-required = Fill in this field.
account-error-mismatch = The two new passwords differ.
account-error-current-password = This is not your current password.
account-error-password-length = { $count ->
    [one] A password needs at least { $n } character.
   *[other] A password needs at least { $n } characters.
}
account-error-username = Use 1 to 64 lowercase letters (a–z), digits, dots, hyphens or underscores, starting with a letter or digit.
account-error-token-name = Use 1 to 64 lowercase letters (a–z), digits, dots, hyphens or underscores, starting with a letter or digit.
account-error-language = Choose one of the languages listed.
account-error-timezone = This is not a known time zone. Use a name such as Europe/Paris.
account-error-conflict = This conflicts with the node's current state
account-error-invalid = This value is not accepted

# Administration (/admin).
admin-title = Administration
admin-nav-label = Administration
admin-overview = Overview
admin-users = Users
admin-peers = Partner nodes
admin-users-help = Who may sign in to this node, and what each may do.
admin-peers-help = The nodes this one exchanges signed records with: their state, and what was refused.
admin-users-count = { $count ->
    [one] { $n } user
   *[other] { $n } users
}
admin-admins-count = { $count ->
    [one] { $n } administrator
   *[other] { $n } administrators
}
admin-peers-count = { $count ->
    [one] { $n } partner node
   *[other] { $n } partner nodes
}
admin-peers-reachable = { $reachable } of { $peers } reached
admin-equivocations-count = { $count ->
    [one] { $n } piece of equivocation evidence
   *[other] { $n } pieces of equivocation evidence
}
admin-user-created = Created
admin-user-actions = Actions
admin-user-you = you
admin-role-of = Role of { $name }
admin-role-button = Change role
admin-remove-button = Remove
admin-user-refused = The change to { $name } was refused; see its row.
admin-add-user = Add a user
admin-username-help = 1 to 64 lowercase letters (a–z), digits, dots, hyphens or underscores, starting with a letter or digit.
admin-initial-password = Initial password
admin-password-help = { $count ->
    [one] At least { $n } character. Give it to the user privately; they can change it on their account page.
   *[other] At least { $n } characters. Give it to the user privately; they can change it on their account page.
}
admin-add-button = Add user
admin-error-role = Choose a role from the list.
admin-done-added = The user is added.
admin-done-role = The role is changed.
admin-done-removed = The user is removed, with their tokens and sessions.
admin-peers-none = This node exchanges with no partner node yet.
admin-peer-not-tried = Not contacted yet
admin-peer-reachable = Reached at the last attempt
admin-peer-unreachable = Not reached at the last attempt
admin-peer-unpinned = not pinned (trusted from its first answer)
admin-peer-last-sync = Last completed exchange
admin-peer-never = never
admin-peer-last-error = Last error
admin-peer-lag = Records to fetch, per organisation
admin-peer-no-lag = nothing: this node holds everything the peer serves
admin-peer-lag-unknown = not known until a first exchange completes
admin-peer-lag-line = { $org }: { $count }
admin-peer-refused = Refused from this peer
admin-peer-refused-none = nothing
admin-peer-refused-line = { $reason }: { $count }
admin-peer-refused-pages = { $count ->
    [one] { $n } log page refused whole
   *[other] { $n } log pages refused whole
}
admin-peer-refused-files = { $count ->
    [one] { $n } file whose bytes did not match its record
   *[other] { $n } files whose bytes did not match their records
}
admin-peer-remove = Remove this peer
admin-peer-remove-in-file = This peer is configured without a node id; remove it in the node's config file.
admin-pin-heading = Pin a partner node
admin-pin-help = Exchange records with another node. Check its node id with its operator (read the fingerprint to each other): requests are signed for exactly this id.
admin-pin-url = Address of the node
admin-pin-url-help = Its public URL, for example https://portal.example.org.
admin-pin-node-id-help = 43 characters, as the other node shows on its identity page.
admin-pin-button = Pin this node
admin-error-node-id = This is not a node id: a node id is 43 characters of letters, digits, - and _.
admin-done-pinned = The node is pinned; this node starts exchanging with it now.
admin-done-unpinned = The node is removed; its requests are refused from now on.
admin-equivocations = Equivocation evidence
admin-equivocations-none = No organisation has been seen signing two different records for one position in its log.
admin-equivocations-explained = An organisation signed two different records for the same position in its log. Keep this evidence and contact its operator.
admin-equivocation-line = { $org }, position { $seq }
admin-equivocation-held = Record held
admin-equivocation-none-held = none
admin-equivocation-refused = Conflicting record refused
admin-equivocation-raw = The conflicting signed record (JSON)
admin-refusal-bad_signature = signature does not verify
admin-refusal-key_not_valid = key not valid for the organisation
admin-refusal-seq_gap = gap in the log
admin-refusal-prev_mismatch = broken log chain
admin-refusal-equivocation = equivocation
admin-refusal-body_hash_mismatch = content does not match its signature
admin-refusal-schema_violation = content not in the expected form
admin-refusal-record_too_large = record too large
admin-refusal-not_origin = acts on another organisation's record
admin-refusal-reference_not_found = names a record not held here
admin-refusal-invalid_reference = invalid reference
admin-refusal-attachment_invalid = invalid attachment
