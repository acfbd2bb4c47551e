# Formulaires de publication (portal::publish).

# Page d’accueil.
publish-title = Publier
publish-intro = Tout ce qui est publié ici est signé par { $name } et communiqué aux partenaires auxquels il est destiné. Choisissez ce que vous souhaitez publier.
publish-document-title = Publier un document
publish-document-explanation = Un rapport, un document de travail, une note ou tout autre texte, avec ses fichiers (PDF, DOCX, ODT, HTML, texte brut) ou son texte saisi directement.
publish-document-versions = Pour publier une nouvelle version (révision, rectificatif, additif) ou une édition dans une autre langue, ouvrez la page du document et choisissez-la sous « Publier à partir de ce document ».
publish-meeting-title = Annoncer une réunion
publish-meeting-explanation = Une réunion plénière, une réunion de groupe de travail, un atelier ou un webinaire : la date et le lieu, les organisations invitées et l’ordre du jour relié aux versions exactes des documents.
publish-group-title = Créer un groupe de travail
publish-group-explanation = Un groupe de travail thématique : son mandat, les organisations qui le coordonnent et ses membres. Toute modification de la composition est publiée comme une nouvelle version.
publish-signed-note = Un enregistrement publié ne peut être ni modifié ni supprimé : une correction est une nouvelle version qui renvoie à celle qu’elle remplace.

# Libellés communs.
publish-required = (obligatoire)
publish-choose = Choisir…
publish-no-group = Aucun groupe de travail
publish-field-title = Titre
publish-field-status = Statut
publish-field-group = Groupe de travail
publish-field-description = Description

# Visibilité.
publish-visibility = Qui peut le consulter
publish-visibility-public = Public
publish-visibility-public-help = Tout le monde, y compris les visiteurs non connectés et les moteurs de recherche.
publish-visibility-partners = Partenaires
publish-visibility-partners-help = Le personnel connecté de toutes les organisations de la fédération.
publish-visibility-group = Uniquement les membres d’un groupe de travail
publish-visibility-which-group = Groupe de travail dont les membres peuvent le consulter
publish-visibility-nodes = Uniquement les organisations choisies ci-dessous
publish-visibility-which-nodes = Organisations autorisées à le consulter

# Formulaire de document.
publish-document-new-version = Nouvelle version d’un document
publish-document-new-version-of = Nouvelle version de { $title }
publish-document-new-version-intro = Cette version remplacera :
publish-document-edition = Édition dans une autre langue
publish-document-edition-of = Édition de { $title } dans une autre langue
publish-document-edition-intro = Cette édition correspond au même ouvrage que :
publish-field-symbol = Cote
publish-field-symbol-help = La cote officielle du document, par exemple OECD/GOV/RPC(2017)5/REV1.
publish-field-doc-type = Type de document
publish-field-doc-type-help = Par exemple rapport, document de travail, note, recommandation.
publish-field-language = Langue
publish-language-other = Autre langue (saisir son code)
publish-field-language-other = Code d’une autre langue
publish-field-language-other-help = Uniquement si « Autre langue » est choisi : un code BCP 47 tel que de, pt-BR ou zh-Hant.
publish-field-comment-until = Commentaires acceptés jusqu’au
publish-field-comment-until-help = Uniquement pour un projet soumis à consultation : dernier jour où les partenaires peuvent formuler des commentaires.
publish-field-relation = Lien avec la version précédente
publish-field-relation-help = Une révision remplace l’ensemble du texte ; un rectificatif en corrige certaines parties ; un additif le complète.
publish-field-summary = Résumé
publish-field-authors = Auteurs
publish-field-authors-help = Une personne ou une unité par ligne.
publish-field-tags = Mots-clés
publish-field-tags-help = Séparés par des virgules.
publish-field-text = Texte
publish-field-text-help = Le texte du document, lorsqu’il n’a pas de fichier.
publish-keep-files = Fichiers de la version précédente à conserver
publish-field-files = Fichiers
publish-field-files-help = Un ou plusieurs fichiers, de { $limit } au plus chacun. Ils ne sont conservés que si le document est publié.
publish-files-again = Le formulaire n’a pas été publié et les fichiers choisis n’ont donc pas été conservés : veuillez les choisir de nouveau.
publish-document-submit = Signer et publier le document

# Formulaire de réunion.
publish-meeting-update = Mise à jour d’une réunion
publish-meeting-update-of = Mise à jour de { $title }
publish-meeting-update-intro = Cette mise à jour remplacera :
publish-field-series = Série
publish-field-series-help = Pour les archives, par exemple Réunion annuelle du partenariat.
publish-field-meeting-type = Type de réunion
publish-meeting-type-plenary = Séance plénière
publish-meeting-type-working_group = Réunion de groupe de travail
publish-meeting-type-workshop = Atelier
publish-meeting-type-webinar = Webinaire
publish-meeting-type-other = Autre
publish-meeting-status-planned = Prévue
publish-meeting-status-confirmed = Confirmée
publish-meeting-status-held = Tenue
publish-meeting-status-cancelled = Annulée
publish-meeting-when = Date et heure
publish-field-timezone = Fuseau horaire de la réunion
publish-field-timezone-help = Les dates et heures ci-dessous suivent ce fuseau. Un nom IANA tel que Europe/Paris ou America/New_York.
publish-field-start-date = Date de début
publish-field-start-time = Heure de début
publish-field-end-date = Date de fin
publish-field-end-time = Heure de fin
publish-meeting-where = Lieu
publish-field-venue = Lieu de la réunion
publish-field-address = Adresse
publish-field-online-url = Lien pour participer en ligne
publish-field-online-url-help = Une adresse web commençant par https://.
publish-field-host = Organisation hôte
publish-field-minutes = Compte rendu
publish-field-minutes-help = L’identifiant d’enregistrement du document contenant le compte rendu, ou un lien vers sa page.
publish-field-invited = Organisations invitées
publish-agenda = Ordre du jour
publish-agenda-help = Un point par ligne ; les lignes laissées vides sont ignorées. Indiquez les documents d’un point par leur identifiant d’enregistrement ou un lien vers leur page, un par ligne.
publish-agenda-row = Point { $n }
publish-agenda-number = Numéro
publish-agenda-item-title = Intitulé du point
publish-agenda-documents = Documents
publish-agenda-description = Observations
publish-agenda-more = Ajouter des lignes à l’ordre du jour
publish-meeting-submit = Signer et publier la réunion

# Formulaire de groupe de travail.
publish-group-update = Nouvelle version d’un groupe de travail
publish-group-update-of = Nouvelle version de { $name }
publish-group-update-intro = Cette version remplacera :
publish-field-group-name = Nom
publish-field-slug = Nom court pour les adresses
publish-field-slug-help = Lettres minuscules et chiffres reliés par des traits d’union, par exemple analyse-impact-reglementation.
publish-field-theme = Thème
publish-field-mandate = Mandat et programme de travail
publish-field-progress = Avancement (en pourcentage)
publish-field-progress-help = Un nombre entier de 0 à 100.
publish-field-convenors = Organisations coordinatrices
publish-field-members = Organisations membres
publish-field-members-help = Seuls les membres voient ce qui est publié pour le groupe. Cette organisation en est toujours membre.
publish-group-submit = Signer et publier le groupe de travail

# Erreurs.
publish-error-summary = Rien n’a été publié. Corrigez les points suivants et envoyez de nouveau le formulaire :
publish-error-visibility = Indiquez qui peut le consulter.
publish-error-visibility-group = Choisissez le groupe de travail dont les membres peuvent le consulter.
publish-error-visibility-nodes = Choisissez au moins une organisation autorisée à le consulter.
publish-error-unknown-working_group = « { $id } » n’est pas un groupe de travail que vous pouvez consulter.
publish-error-unknown-document = « { $id } » n’est pas un document détenu par ce nœud que vous pouvez consulter.
publish-error-file-too-large = Un fichier dépasse la taille acceptée par ce nœud ({ $limit } au plus). Rien n’a été enregistré : choisissez des fichiers plus petits.
publish-error-date = Saisissez une date au format AAAA-MM-JJ.
publish-error-time = Saisissez une heure au format HH:MM (sur 24 heures).
publish-error-date-time = Saisissez une date et une heure.
publish-error-end-before-start = La fin doit être postérieure au début.
publish-error-timezone = « { $zone } » n’est pas un fuseau horaire. Utilisez un nom IANA tel que Europe/Paris.
publish-error-edition = Le document dont relève cette édition n’est pas valide.
publish-error-agenda-title = Donnez un intitulé à ce point.
publish-error-agenda-documents = Documents inconnus de ce nœud ou que vous ne pouvez pas consulter : { $ids }.
publish-error-organisation = Une organisation choisie n’est pas connue de ce nœud.
publish-error-slug = Utilisez des lettres minuscules et des chiffres reliés par un seul trait d’union (64 caractères au plus).
publish-error-progress = Saisissez un nombre entier de 0 à 100.
publish-error-too-large = Ce que vous avez envoyé dépasse la taille acceptée par ce nœud. Rien n’a été publié : raccourcissez le texte le plus long.
