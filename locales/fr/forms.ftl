# Erreurs communes à tous les formulaires (portal::forms). À déplacer dans main.ftl à la fusion.
form-error-required = Ce champ est obligatoire.
form-error-invalid = Cette valeur n’est pas acceptée.
form-error-too-large = C’est plus volumineux que ce que ce nœud accepte.
form-error-reference = Ceci désigne un enregistrement qui ne peut pas être utilisé ici.
form-error-conflict = Ceci est en conflit avec ce que le nœud détient déjà.
form-error-refused = Le nœud a refusé cette demande.
