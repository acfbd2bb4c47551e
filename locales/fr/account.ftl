# Vérifier un fichier (/verify).
verify-title = Vérifier un fichier
verify-intro = Contrôlez un fichier en votre possession au regard des enregistrements signés par les organisations de la fédération. Le fichier est seulement lu pour calculer son empreinte SHA-256 ; { $name } ne le conserve pas.
verify-result = Résultat
verify-file-name = Fichier
verify-file-size = Taille
verify-file-sha256 = SHA-256
verify-none = Aucun enregistrement détenu par ce nœud ne mentionne ce fichier.
verify-none-explanation = Il a peut-être été publié sur un nœud avec lequel celui-ci n’échange pas, ou il a peut-être été modifié : changer un seul octet donne une empreinte SHA-256 entièrement différente. Demandez l’original à l’éditeur.
verify-listed-by = { $count ->
    [one] Mentionné par { $n } enregistrement que vous pouvez consulter :
   *[other] Mentionné par { $n } enregistrements que vous pouvez consulter :
}
verify-signature-ok = La signature est valide : l’enregistrement est exactement tel que son éditeur l’a signé, et ce fichier aussi.
verify-signature-bad = La signature n’est pas valide : ne vous fiez pas à cet enregistrement.
verify-current = Il s’agit de la version en vigueur.
verify-superseded = Il ne s’agit pas de la version en vigueur : une version plus récente la remplace.
verify-see-current = Voir la version en vigueur
verify-retracted = L’éditeur a retiré cet enregistrement.
verify-published-by = Publié par
verify-check = Vérifier un fichier
verify-another = Vérifier un autre fichier
verify-file-label = Fichier à vérifier
verify-file-help = Choisissez un fichier ou déposez-le ici. Jusqu’à { $limit } ; le fichier est haché, jamais conservé.
verify-file-button = Vérifier ce fichier
verify-hash-heading = Ou saisissez son empreinte SHA-256
verify-hash-label = Empreinte SHA-256 du fichier
verify-hash-help = 64 caractères hexadécimaux, tels qu’affichés par sha256sum ou Get-FileHash (un nom de fichier qui suit est ignoré).
verify-hash-button = Rechercher cette empreinte
verify-error-hash = Ce n’est pas une empreinte SHA-256 : saisissez les 64 caractères hexadécimaux (0–9, a–f) qu’affiche sha256sum.
verify-error-no-file = Choisissez un fichier à vérifier.
verify-error-too-large = Ce fichier dépasse { $limit }, la taille maximale que ce nœud vérifie. Calculez vous-même son empreinte SHA-256 (sha256sum) et saisissez-la ci-dessous.

# La page du compte (/account).
account-title = Votre compte
account-who = Votre identité sur ce nœud
account-username = Nom d’utilisateur
account-role = Rôle
account-role-member = Membre
account-role-editor = Éditeur
account-role-admin = Administrateur
account-role-explained-member = consulte, commente, répond aux invitations et aux enquêtes
account-role-explained-editor = publie en outre des documents, des réunions et des groupes de travail
account-role-explained-admin = gère en outre les comptes et les nœuds partenaires
account-errors-summary = Certaines modifications n’ont pas pu être effectuées :
account-password-heading = Changer de mot de passe
account-password-help = Vous restez connecté sur ce navigateur ; toutes les autres sessions de votre compte prennent fin.
account-current-password = Mot de passe actuel
account-new-password = Nouveau mot de passe
account-confirm-password = Confirmation du nouveau mot de passe
account-password-button = Changer le mot de passe
account-done-password = Votre mot de passe a été modifié. Vos autres sessions ont pris fin.
account-preferences-heading = Langue et fuseau horaire
account-language = Langue de l’interface
account-language-browser = Celle demandée par mon navigateur
account-timezone = Fuseau horaire
account-timezone-help = Un nom de fuseau horaire tel que Europe/Paris ou America/New_York. Laissez vide pour UTC.
account-preferences-button = Enregistrer les préférences
account-done-preferences = Vos préférences ont été enregistrées.
account-tokens-heading = Vos jetons d’API
account-tokens-help = Un jeton permet à un programme d’agir en votre nom, avec votre rôle, par l’API du nœud. Révoquez ceux dont vous n’avez plus l’usage.
account-tokens-none = Vous n’avez aucun jeton d’API.
account-token-name = Nom du jeton
account-token-name-help = De 1 à 64 lettres minuscules, chiffres, points, traits d’union ou tirets bas, commençant par une lettre ou un chiffre ; unique sur ce nœud.
account-token-created-at = Créé le
account-token-actions = Actions
account-token-revoke = Révoquer
account-token-new = Créer un jeton
account-token-create = Créer le jeton
account-token-created = Jeton { $name } créé
account-token-once = Copiez ce secret maintenant : il n’est affiché que cette fois et ne pourra pas être retrouvé.
account-token-use = Transmettez-le sous la forme « Authorization: Bearer … » ; quiconque le détient agit en votre nom.
account-token-secret = Secret du nouveau jeton
account-done-revoked = Le jeton a été révoqué ; les programmes qui l’utilisent sont désormais refusés.
account-error-required = Veuillez remplir ce champ.
account-error-mismatch = Les deux nouveaux mots de passe diffèrent.
account-error-current-password = Ce n’est pas votre mot de passe actuel.
account-error-password-length = { $count ->
    [one] Un mot de passe doit comporter au moins { $n } caractère.
   *[other] Un mot de passe doit comporter au moins { $n } caractères.
}
account-error-username = Utilisez de 1 à 64 lettres minuscules (a–z), chiffres, points, traits d’union ou tirets bas, en commençant par une lettre ou un chiffre.
account-error-token-name = Utilisez de 1 à 64 lettres minuscules (a–z), chiffres, points, traits d’union ou tirets bas, en commençant par une lettre ou un chiffre.
account-error-language = Choisissez l’une des langues proposées.
account-error-timezone = Ce fuseau horaire est inconnu. Utilisez un nom tel que Europe/Paris.
account-error-conflict = Cette opération est incompatible avec l’état actuel du nœud
account-error-invalid = Cette valeur n’est pas acceptée

# Administration (/admin).
admin-title = Administration
admin-nav-label = Administration
admin-overview = Vue d’ensemble
admin-users = Utilisateurs
admin-peers = Nœuds partenaires
admin-users-help = Qui peut se connecter à ce nœud, et ce que chacun peut faire.
admin-peers-help = Les nœuds avec lesquels celui-ci échange des enregistrements signés : leur état, et ce qui a été refusé.
admin-users-count = { $count ->
    [one] { $n } utilisateur
   *[other] { $n } utilisateurs
}
admin-admins-count = { $count ->
    [one] { $n } administrateur
   *[other] { $n } administrateurs
}
admin-peers-count = { $count ->
    [one] { $n } nœud partenaire
   *[other] { $n } nœuds partenaires
}
admin-peers-reachable = { $reachable } sur { $peers } joints
admin-equivocations-count = { $count ->
    [one] { $n } preuve d’équivoque
   *[other] { $n } preuves d’équivoque
}
admin-user-created = Créé le
admin-user-actions = Actions
admin-user-you = vous
admin-role-of = Rôle de { $name }
admin-role-button = Changer le rôle
admin-remove-button = Supprimer
admin-user-refused = La modification de { $name } a été refusée ; voir sa ligne.
admin-add-user = Ajouter un utilisateur
admin-username-help = De 1 à 64 lettres minuscules (a–z), chiffres, points, traits d’union ou tirets bas, commençant par une lettre ou un chiffre.
admin-initial-password = Mot de passe initial
admin-password-help = { $count ->
    [one] Au moins { $n } caractère. Communiquez-le à l’utilisateur en privé ; il pourra le changer sur la page de son compte.
   *[other] Au moins { $n } caractères. Communiquez-le à l’utilisateur en privé ; il pourra le changer sur la page de son compte.
}
admin-add-button = Ajouter l’utilisateur
admin-error-role = Choisissez un rôle dans la liste.
admin-done-added = L’utilisateur a été ajouté.
admin-done-role = Le rôle a été modifié.
admin-done-removed = L’utilisateur a été supprimé, avec ses jetons et ses sessions.
admin-peers-none = Ce nœud n’échange encore avec aucun nœud partenaire.
admin-peer-not-tried = Pas encore contacté
admin-peer-reachable = Joint lors de la dernière tentative
admin-peer-unreachable = Injoignable lors de la dernière tentative
admin-peer-unpinned = non épinglé (identifié par sa première réponse)
admin-peer-last-sync = Dernier échange abouti
admin-peer-never = jamais
admin-peer-last-error = Dernière erreur
admin-peer-lag = Enregistrements à récupérer, par organisation
admin-peer-no-lag = aucun : ce nœud détient tout ce que le partenaire diffuse
admin-peer-lag-unknown = inconnu tant qu’aucun échange n’a abouti
admin-peer-lag-line = { $org } : { $count }
admin-peer-refused = Refusé en provenance de ce partenaire
admin-peer-refused-none = rien
admin-peer-refused-line = { $reason } : { $count }
admin-peer-refused-pages = { $count ->
    [one] { $n } page de journal refusée en bloc
   *[other] { $n } pages de journal refusées en bloc
}
admin-peer-refused-files = { $count ->
    [one] { $n } fichier dont le contenu ne correspondait pas à son enregistrement
   *[other] { $n } fichiers dont le contenu ne correspondait pas à leur enregistrement
}
admin-peer-remove = Retirer ce partenaire
admin-peer-remove-in-file = Ce partenaire est configuré sans identifiant de nœud ; retirez-le dans le fichier de configuration du nœud.
admin-pin-heading = Épingler un nœud partenaire
admin-pin-help = Échanger des enregistrements avec un autre nœud. Vérifiez son identifiant avec son opérateur (lisez-vous mutuellement l’empreinte) : les requêtes sont signées pour cet identifiant précis.
admin-pin-url = Adresse du nœud
admin-pin-url-help = Son URL publique, par exemple https://portail.exemple.org.
admin-pin-node-id-help = 43 caractères, tels que l’autre nœud les affiche sur sa page d’identité.
admin-pin-button = Épingler ce nœud
admin-error-node-id = Ce n’est pas un identifiant de nœud : un identifiant compte 43 caractères (lettres, chiffres, - et _).
admin-done-pinned = Le nœud est épinglé ; les échanges avec lui commencent dès maintenant.
admin-done-unpinned = Le nœud a été retiré ; ses requêtes sont désormais refusées.
admin-equivocations = Preuves d’équivoque
admin-equivocations-none = Aucune organisation n’a été surprise à signer deux enregistrements différents pour une même position de son journal.
admin-equivocations-explained = Une organisation a signé deux enregistrements différents pour une même position de son journal. Conservez cette preuve et prenez contact avec son opérateur.
admin-equivocation-line = { $org }, position { $seq }
admin-equivocation-held = Enregistrement détenu
admin-equivocation-none-held = aucun
admin-equivocation-refused = Enregistrement contradictoire refusé
admin-equivocation-raw = L’enregistrement signé contradictoire (JSON)
admin-refusal-bad_signature = signature non valide
admin-refusal-key_not_valid = clé non valide pour l’organisation
admin-refusal-seq_gap = lacune dans le journal
admin-refusal-prev_mismatch = chaînage du journal rompu
admin-refusal-equivocation = équivoque
admin-refusal-body_hash_mismatch = contenu non conforme à sa signature
admin-refusal-schema_violation = contenu de forme inattendue
admin-refusal-record_too_large = enregistrement trop volumineux
admin-refusal-not_origin = agit sur l’enregistrement d’une autre organisation
admin-refusal-reference_not_found = désigne un enregistrement non détenu ici
admin-refusal-invalid_reference = référence non valide
admin-refusal-attachment_invalid = pièce jointe non valide
