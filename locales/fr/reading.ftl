# Réunions, groupes de travail, organisations, calendrier et flux (pages de lecture du portail).

# Archives des réunions.
meetings-title = Réunions
meetings-calendar = S’abonner au calendrier des réunions (iCalendar)
meetings-calendar-help = Les applications d’agenda peuvent suivre cette adresse ; pour y inclure les réunions réservées aux partenaires, ajoutez un jeton d’API créé depuis votre compte.
meetings-filters = Filtrer les réunions
meetings-years = Années
meetings-all-years = Toutes les années
meetings-series = Séries
meetings-all-series = Toutes les séries
meetings-filtered-year = Année affichée : { $year }.
meetings-filtered-series = Série : { $series }.
meetings-clear-filters = Afficher toutes les réunions
meetings-upcoming = Réunions à venir
meetings-no-upcoming = Aucune réunion à venir.
meetings-archive = Archives
meetings-no-past = Aucune réunion passée.
meetings-no-series = Autres réunions
meetings-error-year = L’année doit être un nombre, par exemple 2026.

# Types et statuts des réunions.
meeting-type-plenary = Séance plénière
meeting-type-working_group = Réunion de groupe de travail
meeting-type-workshop = Atelier
meeting-type-webinar = Webinaire
meeting-type-other = Réunion
meeting-status-planned = Prévue
meeting-status-confirmed = Confirmée
meeting-status-held = Tenue
meeting-status-cancelled = Annulée

# Page d’une réunion.
meeting-withheld-title = Réunion
meeting-withheld = Vous n’êtes pas autorisé à consulter le détail de cette réunion, ou son organisateur l’a retiré. Son en-tête signé figure ci-dessous.
meeting-cancelled = Cette réunion est annulée.
meeting-cancelled-explanation = Elle n’aura pas lieu comme annoncé.
meeting-local-time = Heure locale ({ $zone })
meeting-your-time = Votre heure
meeting-venue = Lieu
meeting-address = Adresse
meeting-online = Participer en ligne
meeting-organiser = Organisée par
meeting-host = Accueillie par
meeting-group = Groupe de travail
meeting-about = À propos de cette réunion
meeting-agenda = Ordre du jour
meeting-no-agenda = Aucun ordre du jour n’a encore été publié.
meeting-item-documents = Documents relatifs à ce point
meeting-revised = révisé depuis l’ordre du jour
meeting-see-current = voir la version en vigueur
meeting-document-unavailable = Document que vous n’êtes pas autorisé à consulter, ou pas encore reçu :
meeting-minutes = Compte rendu
meeting-participants = Participants
meeting-participant-organisation = Organisation
meeting-participant-response = Réponse
meeting-participant-attendees = Participants désignés
meeting-no-attendees = non précisés
rsvp-accept = Participera
rsvp-decline = Ne participera pas
rsvp-tentative = Participera peut-être
meeting-calendar = Agenda
meeting-add-to-calendar = Ajouter à mon agenda (.ics)
meeting-updates = { $count ->
    [one] Mise à jour une fois depuis la première annonce.
   *[other] Mise à jour { $n } fois depuis la première annonce.
}
meeting-invited = Organisations invitées

# Groupes de travail.
groups-title = Groupes de travail
groups-intro = Les groupes de travail thématiques du partenariat, leur mandat et l’état d’avancement de leurs travaux.
groups-progress = { $percent } % réalisés
group-withheld-title = Groupe de travail
group-withheld = Vous n’êtes pas autorisé à consulter le détail de ce groupe de travail, ou son organisation pilote l’a retiré. Son en-tête signé figure ci-dessous.
group-feed = Suivre les documents de ce groupe (flux Atom)
group-mandate = Mandat et programme de travail
group-no-mandate = Aucun mandat n’a été publié.
group-documents = Documents
group-no-documents = Aucun document de ce groupe que vous puissiez consulter.
group-meetings = Réunions
group-no-meetings = Aucune réunion de ce groupe que vous puissiez consulter.
group-convenors = Organisations pilotes
group-members = Organisations membres

# Organisations.
orgs-title = Organisations
orgs-intro = Toutes les organisations dont ce nœud détient des enregistrements signés. Vérifiez l’empreinte d’un partenaire auprès de lui avant de vous fier à ses enregistrements.
orgs-caption = Organisations de la fédération
orgs-name = Nom
orgs-acronym = Sigle
orgs-records = Enregistrements signés détenus
orgs-unnamed = Organisation non encore décrite
orgs-this-node = ce nœud
org-website = Site web
org-languages = Langues de travail
org-published = Documents publiés
org-documents-count = { $count ->
    [one] ({ $n } document consultable)
   *[other] ({ $n } documents consultables)
}
org-no-documents = Aucun document de cette organisation que vous puissiez consulter.
org-search-documents = Rechercher dans les documents de cette organisation
org-meetings = Réunions qu’elle organise ou accueille
org-no-meetings = Aucune réunion que vous puissiez consulter.
org-groups = Groupes de travail auxquels elle participe
org-no-groups = Aucun groupe de travail que vous puissiez consulter.

# Calendrier et flux.
calendar-name = Réunions – { $acronym }
feed-group-title = Groupe de travail : { $name }
feed-search-title = Recherche : { $query }
feed-search-title-all = Résultats de recherche, du plus récent au plus ancien
