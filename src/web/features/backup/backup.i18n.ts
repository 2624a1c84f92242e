import { defineMessages } from '../../i18n/define.ts';

/** Settings → Backup, and the GDPR subject export on the contact page. */
export const backup = defineMessages({
  en: {
    tab: 'Backup',
    intro:
      'A backup is one zip file holding every table of the database (PostgreSQL’s COPY text format) and a manifest with each table’s row count and checksum. It restores into the embedded database or into PostgreSQL.',
    downloadTitle: 'Download a backup',
    downloadText:
      'Reads one consistent snapshot of the whole database while the server keeps running. Every download is recorded in the audit log.',
    pgliteNote:
      'On the embedded database, other requests wait while the snapshot is read: a few seconds per hundred thousand contacts.',
    download: 'Download backup',
    adminOnly: 'Only administrators can download backups.',
    restoreTitle: 'Restore',
    restoreWhy:
      'A restore replaces the whole database, so it is done from the command line with the server stopped, never from the running app people are working in. It is all or nothing: when a checksum or row count in the archive does not match, the database stays exactly as it was.',
    step1: 'Stop Rapport.',
    step2: 'Restore into an empty database (a new data directory, or a new PostgreSQL database):',
    step3:
      'Start Rapport again. Everything is as it was: the same records and numbers, users sign in with their passwords, API keys keep working.',
    forceNote: 'A database that already holds data is refused; add --force to replace its contents.',
    moveTitle: 'Moving to PostgreSQL',
    moveText:
      'Outgrowing the embedded database? Create an empty PostgreSQL database, restore this backup into it with DATABASE_URL set, then start Rapport with the same DATABASE_URL. The same works the other way round.',
    commandsLabel: 'Commands',
    cmdStopped: 'with the server stopped',
    cmdEmbedded: 'embedded database (RAPPORT_DATA_DIR, default ./data)',
    cmdPostgres: 'PostgreSQL',
    gdprExport: 'Export personal data (GDPR)',
    gdprExportHint:
      'Everything held about {{name}}: one zip with subject.json and the PDFs of quotes and invoices.',
  },
  fr: {
    tab: 'Sauvegarde',
    intro:
      'Une sauvegarde est un seul fichier zip contenant toutes les tables de la base (au format texte COPY de PostgreSQL) et un manifeste avec le nombre de lignes et la somme de contrôle de chaque table. Elle se restaure dans la base intégrée ou dans PostgreSQL.',
    downloadTitle: 'Télécharger une sauvegarde',
    downloadText:
      'Lit un instantané cohérent de toute la base pendant que le serveur continue de tourner. Chaque téléchargement est consigné dans le journal d’audit.',
    pgliteNote:
      'Avec la base intégrée, les autres requêtes attendent pendant la lecture de l’instantané : quelques secondes par centaine de milliers de contacts.',
    download: 'Télécharger la sauvegarde',
    adminOnly: 'Seuls les administrateurs peuvent télécharger des sauvegardes.',
    restoreTitle: 'Restauration',
    restoreWhy:
      'Une restauration remplace toute la base : elle se fait en ligne de commande, serveur arrêté, jamais depuis l’application en cours d’utilisation. C’est tout ou rien : si une somme de contrôle ou un nombre de lignes de l’archive ne correspond pas, la base reste exactement telle qu’elle était.',
    step1: 'Arrêtez Rapport.',
    step2:
      'Restaurez dans une base vide (un nouveau répertoire de données ou une nouvelle base PostgreSQL) :',
    step3:
      'Redémarrez Rapport. Tout est comme avant : les mêmes fiches et numéros, les utilisateurs se connectent avec leur mot de passe, les clés API fonctionnent toujours.',
    forceNote:
      'Une base qui contient déjà des données est refusée ; ajoutez --force pour remplacer son contenu.',
    moveTitle: 'Passer à PostgreSQL',
    moveText:
      'La base intégrée devient trop petite ? Créez une base PostgreSQL vide, restaurez-y cette sauvegarde avec DATABASE_URL défini, puis démarrez Rapport avec la même DATABASE_URL. Cela fonctionne aussi dans l’autre sens.',
    commandsLabel: 'Commandes',
    cmdStopped: 'serveur arrêté',
    cmdEmbedded: 'base intégrée (RAPPORT_DATA_DIR, par défaut ./data)',
    cmdPostgres: 'PostgreSQL',
    gdprExport: 'Exporter les données personnelles (RGPD)',
    gdprExportHint:
      'Tout ce qui est conservé sur {{name}} : un zip avec subject.json et les PDF des devis et factures.',
  },
  de: {
    tab: 'Sicherung',
    intro:
      'Eine Sicherung ist eine einzige ZIP-Datei mit allen Tabellen der Datenbank (im COPY-Textformat von PostgreSQL) und einem Manifest mit Zeilenzahl und Prüfsumme jeder Tabelle. Sie lässt sich in die eingebettete Datenbank oder in PostgreSQL zurückspielen.',
    downloadTitle: 'Sicherung herunterladen',
    downloadText:
      'Liest einen konsistenten Schnappschuss der ganzen Datenbank, während der Server weiterläuft. Jeder Download wird im Audit-Protokoll festgehalten.',
    pgliteNote:
      'Bei der eingebetteten Datenbank warten andere Anfragen, während der Schnappschuss gelesen wird: einige Sekunden pro hunderttausend Kontakte.',
    download: 'Sicherung herunterladen',
    adminOnly: 'Nur Administratoren können Sicherungen herunterladen.',
    restoreTitle: 'Wiederherstellen',
    restoreWhy:
      'Eine Wiederherstellung ersetzt die ganze Datenbank. Sie erfolgt daher auf der Kommandozeile bei gestopptem Server, nie aus der laufenden Anwendung, in der gearbeitet wird. Sie gilt ganz oder gar nicht: Stimmt eine Prüfsumme oder Zeilenzahl im Archiv nicht, bleibt die Datenbank genau so, wie sie war.',
    step1: 'Rapport beenden.',
    step2:
      'In eine leere Datenbank zurückspielen (ein neues Datenverzeichnis oder eine neue PostgreSQL-Datenbank):',
    step3:
      'Rapport wieder starten. Alles ist wie vorher: dieselben Datensätze und Nummern, Benutzer melden sich mit ihrem Passwort an, API-Schlüssel funktionieren weiter.',
    forceNote:
      'Eine Datenbank, die bereits Daten enthält, wird abgelehnt; mit --force wird ihr Inhalt ersetzt.',
    moveTitle: 'Umzug nach PostgreSQL',
    moveText:
      'Ist die eingebettete Datenbank zu klein geworden? Legen Sie eine leere PostgreSQL-Datenbank an, spielen Sie diese Sicherung mit gesetzter DATABASE_URL ein und starten Sie Rapport mit derselben DATABASE_URL. Umgekehrt geht es genauso.',
    commandsLabel: 'Befehle',
    cmdStopped: 'bei gestopptem Server',
    cmdEmbedded: 'eingebettete Datenbank (RAPPORT_DATA_DIR, Standard ./data)',
    cmdPostgres: 'PostgreSQL',
    gdprExport: 'Personenbezogene Daten exportieren (DSGVO)',
    gdprExportHint:
      'Alles, was über {{name}} gespeichert ist: eine ZIP-Datei mit subject.json und den PDFs der Angebote und Rechnungen.',
  },
  da: {
    tab: 'Backup',
    intro:
      'En backup er én zip-fil med alle databasens tabeller (i PostgreSQLs COPY-tekstformat) og et manifest med hver tabels antal rækker og kontrolsum. Den kan gendannes i den indbyggede database eller i PostgreSQL.',
    downloadTitle: 'Hent en backup',
    downloadText:
      'Læser ét konsistent øjebliksbillede af hele databasen, mens serveren kører videre. Hver download registreres i revisionsloggen.',
    pgliteNote:
      'Med den indbyggede database venter andre forespørgsler, mens øjebliksbilledet læses: nogle sekunder pr. hundredetusind kontakter.',
    download: 'Hent backup',
    adminOnly: 'Kun administratorer kan hente backups.',
    restoreTitle: 'Gendannelse',
    restoreWhy:
      'En gendannelse erstatter hele databasen, så den foregår på kommandolinjen med serveren stoppet, aldrig fra den kørende app, som folk arbejder i. Det er alt eller intet: passer en kontrolsum eller et antal rækker i arkivet ikke, forbliver databasen præcis som den var.',
    step1: 'Stop Rapport.',
    step2: 'Gendan i en tom database (en ny datamappe eller en ny PostgreSQL-database):',
    step3:
      'Start Rapport igen. Alt er som før: de samme poster og numre, brugerne logger ind med deres adgangskode, API-nøgler virker stadig.',
    forceNote:
      'En database, der allerede indeholder data, afvises; tilføj --force for at erstatte indholdet.',
    moveTitle: 'Flyt til PostgreSQL',
    moveText:
      'Er den indbyggede database blevet for lille? Opret en tom PostgreSQL-database, gendan denne backup i den med DATABASE_URL sat, og start Rapport med samme DATABASE_URL. Det virker også den anden vej.',
    commandsLabel: 'Kommandoer',
    cmdStopped: 'med serveren stoppet',
    cmdEmbedded: 'indbygget database (RAPPORT_DATA_DIR, standard ./data)',
    cmdPostgres: 'PostgreSQL',
    gdprExport: 'Eksportér personoplysninger (GDPR)',
    gdprExportHint: 'Alt, der er gemt om {{name}}: én zip med subject.json og PDF’er af tilbud og fakturaer.',
  },
});
