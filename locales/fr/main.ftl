# La langue de l'interface, décrite par elle-même.
language-name = Français
language-direction = ltr
language-switch = Langue

# Nombres, tailles, dates.
number-group-separator = { "\u202F" }
number-decimal-separator = ,
size-bytes = { $count ->
    [one] { $n } octet
   *[other] { $n } octets
}
size-kb = { $value }{ "\u00A0" }ko
size-mb = { $value }{ "\u00A0" }Mo
size-gb = { $value }{ "\u00A0" }Go
date-long = { $day } { $month ->
    [1] janvier
    [2] février
    [3] mars
    [4] avril
    [5] mai
    [6] juin
    [7] juillet
    [8] août
    [9] septembre
    [10] octobre
    [11] novembre
   *[12] décembre
} { $year }
time-short = { $time }
date-time = { $date } à { $time } ({ $zone })

# Cadre de chaque page.
skip-to-content = Aller au contenu principal
nav-label = Navigation principale
nav-home = Tableau de bord
nav-search = Recherche
nav-meetings = Réunions
nav-groups = Groupes de travail
nav-organisations = Organisations
nav-verify = Vérifier un fichier
nav-publish = Publier
nav-admin = Administration
sign-in = Se connecter
sign-out = Se déconnecter
signed-in-as = Compte : { $name }
footer-node = { $name } — un nœud de la fédération Plenary
footer-identity = Identité de ce nœud
footer-feed = Flux Atom
footer-calendar = Calendrier (iCalendar)
footer-about = Chaque enregistrement affiché ici est signé par l'organisation qui l'a publié ; chaque page indique qui l'a signé et si la signature est valide.

# Pages d'erreur.
problem-home = Aller au tableau de bord
problem-not-found = Page introuvable
problem-not-found-explanation = Il n'y a pas de page à cette adresse, ou elle montre un contenu que vous n'êtes pas autorisé à voir.
problem-forbidden = Action non autorisée
problem-forbidden-explanation = Votre compte ne permet pas cette action.
problem-stale-form = Ce formulaire a expiré
problem-stale-form-explanation = Le formulaire a été envoyé sans son jeton de sécurité, avec un jeton périmé ou depuis un autre site. Revenez en arrière, rechargez la page et réessayez.
problem-bad-request = La demande n'a pas pu être comprise
problem-bad-request-explanation = Un élément de l'adresse ou du formulaire n'est pas valide.
problem-too-large = Trop volumineux
problem-too-large-explanation = Ce que vous avez envoyé dépasse la taille acceptée par ce nœud.
problem-too-many = Trop de tentatives
problem-too-many-explanation = Patientez un peu avant de réessayer.
problem-unavailable = Temporairement indisponible
problem-unavailable-explanation = Le nœud est occupé ou en cours d'arrêt. Réessayez dans un instant.
problem-internal = Une erreur s'est produite
problem-internal-explanation = Le nœud n'a pas pu afficher cette page. L'opérateur trouvera la cause dans le journal du nœud.

# Types d'enregistrement, statuts, relations, langues.
kind-node = Organisation
kind-document = Document
kind-meeting = Réunion
kind-working_group = Groupe de travail
kind-comment = Commentaire
kind-rsvp = Réponse à une invitation
kind-survey = Enquête
kind-survey_response = Réponse à une enquête
kind-endorsement = Déclaration de soutien
kind-retraction = Retrait
kind-key = Changement de clé
status-draft = Projet
status-consultation = En consultation
status-final = Version finale
status-withdrawn = Retiré
relation-revision = Révision
relation-corrigendum = Rectificatif
relation-addendum = Additif
lang-en = anglais
lang-fr = français
lang-es = espagnol
lang-ru = russe
lang-ar = arabe
lang-zh = chinois
lang-und = langue inconnue
statement-endorses = soutient
statement-co-authored = a corédigé
statement-reviewed = a examiné
statement-acknowledges = prend acte de
statement-objects = s'oppose à
version-current = version en vigueur
version-superseded = remplacée
version-retracted = retirée

# Tableau de bord.
dashboard-title = Tableau de bord
dashboard-heading = { $name }
dashboard-upcoming = Prochaines réunions
dashboard-no-meetings = Aucune réunion n'est prévue.
dashboard-all-meetings = Toutes les réunions et les archives
dashboard-consultations = Consultations ouvertes
dashboard-no-consultations = Aucun projet n'est ouvert aux commentaires.
dashboard-comments-until = commentaires jusqu'au { $date }
dashboard-recent = Publié récemment dans la fédération
dashboard-no-documents = Rien n'a encore été publié.
dashboard-all-documents = Tous les documents, du plus récent au plus ancien
dashboard-groups = Groupes de travail
dashboard-no-groups = Aucun groupe de travail pour l'instant.
dashboard-health = La fédération
health-organisations = Organisations
health-peers = Nœuds partenaires joints
health-peers-reachable = { $reachable } sur { $peers }
health-last-sync = Dernier échange
health-never = pas encore
health-records = Enregistrements signés détenus
group-progress-of = Avancement de { $name }
group-members-count = { $count ->
    [one] { $n } organisation membre
   *[other] { $n } organisations membres
}
group-status-active = Actif
group-status-paused = En pause
group-status-closed = Clos

# Recherche.
search-title = Recherche
search-title-for = Recherche : { $query }
search-label = Rechercher des documents, réunions et groupes dans toute la fédération
search-button = Rechercher
search-help = Des mots, des « expressions exactes » entre guillemets droits, AND / OR / NOT, ou une cote de document telle que OECD/GOV/RPC(2017)5.
search-more-filters = Dates, tri et versions
search-from = Signé le ou après le
search-to = Signé avant le
search-sort = Tri
search-sort-relevance = Les plus pertinents d'abord
search-sort-newest = Les plus récents d'abord
search-current-only = Versions en vigueur uniquement
search-error-date = Saisissez une date au format AAAA-MM-JJ.
search-active-filters = Filtres actifs
search-remove-filter = Retirer le filtre : { $filter }
search-chip-from = à partir du { $date }
search-chip-to = avant le { $date }
search-facets = Affiner les résultats
facet-kind = Type
facet-origin = Organisation
facet-lang = Langue
facet-status = Statut
facet-group = Groupe de travail
facet-year = Année
search-results = { $count ->
    [0] Aucun résultat
    [one] { $n } résultat
   *[other] { $n } résultats
}
search-nothing = Aucun résultat. Essayez avec moins de mots ou retirez un filtre.
search-start = Tout ce que vous êtes autorisé à voir, du plus récent au plus ancien si vous choisissez ce tri.
search-feed = Suivre cette recherche (flux Atom)
pagination = Pages
pagination-previous = Page précédente
pagination-next = Page suivante
pagination-page-of = Page { $page } sur { $pages }

# Connexion.
login-title = Connexion
login-intro = Connectez-vous à { $name } avec le compte que ses administrateurs vous ont attribué.
login-username = Nom d'utilisateur
login-password = Mot de passe
login-error-credentials = Le nom d'utilisateur ou le mot de passe est incorrect.
login-error-throttled = { $count ->
    [one] Trop de tentatives infructueuses. Réessayez dans { $n } seconde.
   *[other] Trop de tentatives infructueuses. Réessayez dans { $n } secondes.
}
login-first-time = Première visite ? Le premier compte administrateur du nœud s'appelle admin ; son mot de passe a été affiché une seule fois au premier démarrage du nœud.

# Enregistrements et provenance.
record-heading = Enregistrement signé : { $kind }
record-about = Concerne
prov-heading = Provenance
prov-verified = La signature est valide : cet enregistrement est exactement tel que son éditeur l'a signé.
prov-not-verified = La signature n'est pas valide : ne vous fiez pas à cet enregistrement.
prov-retracted = L'éditeur a retiré cet enregistrement ; son contenu et ses fichiers ne sont plus diffusés.
prov-see-retraction = Voir le retrait
prov-not-current = Une version plus récente existe.
prov-see-current = Voir la version en vigueur
prov-current = Ceci est la version en vigueur.
prov-signed-by = Signé par
prov-node-id = Identifiant du nœud
prov-fingerprint = Empreinte
prov-key = Clé de signature
prov-signed-at = Signé le
prov-log-position = Position dans le journal de l'éditeur
prov-record-id = Identifiant de l'enregistrement
prov-raw = L'enregistrement signé (JSON)

# Page d'un document.
document-withheld-title = Document
document-withheld = Vous n'êtes pas autorisé à voir le contenu de ce document, ou son éditeur l'a retiré. Son en-tête signé figure ci-dessous.
document-symbol = Cote
document-comments-until = Ouvert aux commentaires jusqu'au { $date }.
document-publisher = Publié par
document-published = Signé le
document-authors = Auteurs
document-group = Groupe de travail
document-tags = Mots-clés
document-summary = Résumé
document-text = Texte
document-files = Fichiers
file-name = Nom
file-type = Type
file-size = Taille
file-sha256 = SHA-256
document-versions = Versions
document-version-hidden = une version que vous ne pouvez pas voir
document-editions = Versions linguistiques
document-endorsements = Déclarations de soutien
endorsement-line = { $org } { $statement } ce document
document-actions = Publier à partir de ce document
document-new-version = Une nouvelle version (révision, rectificatif, additif)
document-new-edition = Une version dans une autre langue

# Flux.
feed-recent-title = Documents publiés récemment

# Erreurs communes à tous les formulaires (les termes du nœud peuvent suivre entre parenthèses).
form-error-required = Ce champ est obligatoire.
form-error-invalid = Cette valeur n'est pas acceptée.
form-error-too-large = C'est plus volumineux que ce que le nœud accepte.
form-error-reference = Cela désigne un enregistrement que le nœud ne détient pas, ou d'un autre type.
form-error-conflict = Cela entre en conflit avec ce qui existe déjà.
form-error-refused = Le nœud a refusé cette demande.
