# Errors every form shares (portal::forms). Move to main.ftl when the portal's branches merge.
form-error-required = This field is required.
form-error-invalid = This value is not accepted.
form-error-too-large = This is larger than this node accepts.
form-error-reference = This names a record that cannot be used here.
form-error-conflict = This conflicts with what the node already holds.
form-error-refused = The node refused this.
