"""Spanish, Portuguese, French and German words for the domain's canonical tokens (faq/vocabulary.py).

They apply to every message before the English groups, in any language: "desactivar" (es), "desativar"
(pt), "désactiver" (fr) and "deaktivieren" (de) all become ``xdisable``, as "disable" does, so what the
model learns from one language carries to the others. Text is folded first (faq/normalise.py: lower
case, no accents, ß → ss, elisions split). No phrase here is an English word or begins one, so English
messages normalise exactly as before (tests/unit/test_faq_languages.py checks every English example).
Inside a group the first alternative that matches wins: longer phrases are written first.
"""

from __future__ import annotations

# German written without umlauts ("fuer", "aendern") is read as folded ("fur", "andern").
UMLAUT_SPELLINGS = (
    "fuer ueber aender geaender loesch muess koenn moecht verfueg bestaetig haeufig taeglich staendig "
    "geraet zurueck schluessel waehl pruef gehoer verknuepf ausgewaehl moeglich naechst"
)

_TWO = r"(?:dos|dois|duas|deux|zwei|doble|dupla)"
_STEPS = r"(?:factores|fatores|facteurs|facteur|fator|pasos|etapas|passos|etapes)"

FOREIGN: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "xtwofa",
        (
            r"(?:autenticacion|autentificacion|verificacion|validacion|autenticacao|verificacao|validacao"
            r"|authentification|verification|validation|identification)(?: (?:de|en|em|a|par))? "
            rf"(?:{_TWO} (?:{_STEPS}|factor|temps)|(?:2|double) {_STEPS})",
            rf"{_TWO} (?:{_STEPS}|factor)|(?:2|double) {_STEPS}",
            r"(?:doble|dupla) (?:autenticacion|verificacion|autenticacao|verificacao|auth)",
            r"double (?:authentification|auth|verification|validation)",
            r"(?:autenticacion|verificacion|autenticacao|verificacao|authentification|verification) "
            r"(?:doble|dupla|multifactor|multifator|multifacteur|forte)",
            r"segundo factor|segundo fator|second facteur|zweite[nr]? faktors?",
            r"(?:zwei|2) ?(?:faktor|stufen|stufige[nr]?|schritt)e?[a-z]*"
            r"(?: (?:authentifizierung|authentisierung|anmeldung|verifizierung|login|auth))?",
            r"zweistufige?[nr]? (?:verifizierung|anmeldung|authentifizierung|login)|zweistufige?[nr]?",
            r"zweifaktor[a-z]*",
        ),
    ),
    (
        "xcode",
        (
            r"(?:codigos?|codes?) (?:de |del )(?:verificacion|verificacao|verification|seguridad|seguranca"
            r"|securite|acceso|acesso|acces|confirmacion|confirmacao|confirmation|connexion|validation)",
            r"codigos?|einmalpassw[a-z]*|einmalkennw[a-z]*",
            r"(?:bestatigungs|sicherheits|zugangs|anmelde|einmal|verifizierungs|login|sms|test|pin)codes?",
            r"codeabfrage|codeeingabe",
        ),
    ),
    ("xsms", (r"mensaje?s? de texto|mensage(?:m|ns) de texto|mensajitos?|textos?|kurznachrichten?",)),
    (
        "xemail",
        (
            r"correos? electronicos?|correio eletronico|correos?|courriels?|adresse (?:e )?mail|boite mail",
            r"(?:e )?mail ?adressen?|emailadressen?|postfach|mailkonto|mailadresse",
        ),
    ),
    (
        "xphone",
        (
            r"numeros? de (?:telefono|telefone|telephone|movil|celular|telemovel|portable)",
            r"telefonos? (?:movil|celular)|telefonos?|telefones?|telephones?|celular(?:es)?|telemove(?:l|is)",
            r"moviles?|movil|portables?|cel|tel|handys?|handynummer|telefonnummer|mobilnummer|telefon",
            r"mobiltelefon|diensthandy|firmenhandy",
        ),
    ),
    ("xnumber", (r"numeros?|nummer",)),
    (
        "xunavailable",
        (
            r"no (?:esta |estan )?disponibles?|nao (?:esta )?disponivel|indisponivel|n est pas disponible",
            r"pas disponible|indisponible|nicht verfugbar|ausgegraut|grisee?|gris|cinza",
            r"no (?:me )?(?:aparece|sale)|nao aparece|n apparait pas|apparait pas|taucht nicht auf",
        ),
    ),
    (
        "xdisable",
        (
            r"desactiv[a-z]*|deshabilit[a-z]*|desativ[a-z]*|desabilit[a-z]*|deslig[a-z]*|deaktivier[a-z]*",
            r"quit(?:ar|arlo|arla|arle|o|a|ame|ale|alo|en|ado)|apag(?:ar|o|a|ue|uen)|sacar|saco|tirar|tira|tiro",
            r"enlev[a-z]*|retirer|retirez|supprim[a-z]*|couper|coupe|vire moi|virer",
            r"ausschalt[a-z]*|abschalt[a-z]*|ausmach[a-z]*|abstell[a-z]*|entfern[a-z]*|ausgeschaltet",
            r"(?:aus|ab)$",
        ),
    ),
    (
        "xenable",
        (
            r"activ(?:ar|o|as|a|ado|ada|ame|alo|ala|arlo|arla|acion|er|ee|ez|ation)|ativ(?:ar|o|a|ei|ou|ado"
            r"|ada|acao|e)",
            r"habilit[a-z]*|configur[a-z]*|mettre en place|mise en place|encend[a-z]*",
            r"aktivier[a-z]*|einricht[a-z]*|eingericht[a-z]*|einschalt[a-z]*|anschalt[a-z]*|anmach[a-z]*",
        ),
    ),
    (
        "xlogin",
        (
            r"iniciar sesion|inicio de sesion|loguear[a-z]*|logar|fazer login|connexion|connecter|connecte",
            r"einlogg[a-z]*|eingeloggt|anmeld[a-z]*|angemeldet",
        ),
    ),
    ("xreceive", (r"recib[a-z]*|receb[a-z]*|recoi[a-z]*|recevoir|recu|recue?s?|erhalt[a-z]*|bekomm[a-z]*",)),
    ("xarrive", (r"lleg[a-z]*|cheg[a-z]*|angekommen|ankomm[a-z]*|kommt an",)),
    (
        "xoften",
        (
            r"(?:muchas|varias|tres|dos|muitas|duas|plusieurs|trois|deux) (?:veces|vezes|fois)"
            r"(?: (?:al|por|ao|par) (?:dia|jour))?",
            r"(?:cada|todos los|todo|todos os) dias?|cada (?:hora|rato|vez)|a cada rato|todo el rato",
            r"toda hora",
            r"constantemente|continuamente|sin parar|sem parar|a menudo|tan seguido|com frequencia",
            r"trop souvent|souvent|tous les jours|chaque jour|tout le temps|sans arret|constamment",
            r"en permanence|toutes les heures|zu oft|so oft|standig|dauernd|jeden tag|taglich|mehrmals",
            r"(?:drei|zwei|viele) mal(?: am tag)?|immer wieder|pausenlos|jede stunde|haufig|o tempo todo",
        ),
    ),
    (
        "xeveryone",
        (
            r"todo el mundo|todo el equipo|toda la empresa|todo mundo|toda a equipe|equipe inteira",
            r"empresa (?:inteira|toda)|tout le monde|toute l equipe|toute l entreprise|toute la societe",
            r"(?:das |die )?ganze[n]? (?:team|firma)|alle",
        ),
    ),
    (
        "xcolleague",
        (
            r"companer[oa]s?|colegas?|empleados?|trabajador(?:es|a|as)?|usuari[oa]s?|funcionari[oa]s?",
            r"colaborador(?:es|a|as)?|collegues?|employes?|salaries?|utilisateurs?|collaborat[a-z]*",
            r"kolleg(?:e|en|in|innen)|mitarbeiter(?:in|innen|n)?|benutzer(?:n|in)?|nutzer(?:n|in)?",
        ),
    ),
    (
        "xadmin",
        (
            r"administrador(?:es|a)?|administrateur|jefe|chefe|gerente|gestor|gestionnaire|responsable",
            r"responsavel|administrator|kontoverwalter|verwalter|vorgesetzte[rn]?",
        ),
    ),
    ("xhuman", (r"humano|humain|mensch(?:en)?|atendente|agente|asesor|conseiller|operateur|berater",)),
    (
        "support",
        (
            r"soporte|suporte|atencion al cliente|atendimento|servicio tecnico|assistencia tecnica",
            r"service client|kundendienst|kundenservice|incidencia|chamado",
        ),
    ),
    ("xcontact", (r"contactar|contatar|contacter|hablar con|falar com|parler a|kontaktier[a-z]*",)),
    (
        "xnotify",
        (
            r"notific(?:ar|a|an|o|acion|aciones|acao|acoes|am|ado|ada|ados|adas|ou|ei|amos|ara|aran)",
            r"avis(?:o|ar|an|en|ado)|previen[a-z]*|prevenu|averti[a-z]*|benachrichtig[a-z]*",
        ),
    ),
    (
        "xlost",
        (
            r"perd[a-z]*|robar[a-z]*|robaron|robado|roto|rompio|roubar[a-z]*|roubado|quebr[a-z]*",
            r"perdu|vole|volee|casse|cassee|verloren|verlier[a-z]*|gestohlen|geklaut|kaputt",
        ),
    ),
    ("xremember", (r"recordar|recuerda|acuerda|lembr[a-z]*|souvien[a-z]*|memoris[a-z]*|merkt|gemerkt",)),
    (
        "xchange",
        (
            r"cambi[a-z]*|actualiz[a-z]*|mud(?:ar|o|a|ei|ou|anca)|troc[a-z]*|alter(?:ar|ei|ou|o)",
            r"atualiz[a-z]*|remplac[a-z]*|mettre a jour|andern|geandert|aktualisier[a-z]*|umstell[a-z]*",
        ),
    ),
    ("xhello", (r"hola|buenas|buenos dias|ola|oi|bom dia|boa tarde|bonjour|bonsoir|salut|hallo|moin",)),
    ("xthanks", (r"muchas gracias|mil gracias|gracias|obrigad[oa]|valeu|merci|vielen dank|danke",)),
    ("please", (r"por favor|porfa|s il (?:te|vous) plait|stp|svp|bitte",)),
    ("password", (r"contrasenas?|senhas?|mot de passe|mots de passe|mdp|passwort|kennwort",)),
    ("invoice", (r"facturas?|faturas?|nota fiscal|factures?|rechnung(?:en)?",)),
    ("account", (r"cuentas?|contas?|comptes?|konto|konten",)),
    ("profile", (r"perfil",)),
    ("app", (r"aplicacion|aplicativo|appli|applis",)),
    ("device", (r"dispositivos?|ordenador|computadora|computador|appareil|ordinateur|ordi|gerat|rechner",)),
)

# Countries in Spanish, Portuguese, French and German (those named the same in English are in
# faq/vocabulary.py already); an underscore stands for a space inside a name.
_COUNTRY_NAMES = (
    "pais paises regiones extranjero regiao estrangeiro etranger lander landern ausland "
    "espana espanha espagne spanien alemania alemanha allemagne deutschland francia franca frankreich "
    "estados_unidos etats_unis vereinigte_staaten reino_unido royaume_uni grossbritannien inglaterra "
    "angleterre marruecos marrocos maroc marokko argelia argelie algerie algerien tunez tunisie "
    "tunesien senegal cote_d_ivoire costa_do_marfim camerun cameroun kamerun mocambique mozambique "
    "brasil bresil brasilien mexique mexiko turquia turquie turkei arabia_saudi arabia_saudita "
    "arabie_saoudite saudi_arabien emiratos emirados emirats emiraten vae vereinigte_arabische_emirate "
    "inde indien japon japao japan chine italia italie italien suiza suica suisse schweiz belgica "
    "belgique belgien holanda paises_bajos pays_bas niederlande austria autriche osterreich egipto "
    "egito egypte agypten sudafrica africa_do_sul afrique_du_sud sudafrika filipinas philippinen "
    "indonesie indonesien rusia russie russland ucrania ucrania ukraine polonia pologne polen "
    "irlanda irlande irland grecia grecia grece griechenland suecia suede schweden noruega norvege "
    "norwegen dinamarca danemark danemark quebec luxemburgo luxemburg"
)
FOREIGN_COUNTRIES: tuple[str, ...] = (
    r"(?:mon|ce|du|le|dans|quel|quels|mi|meu|seu) pays",
    r"(?:meinem|mein|im|welchen|welchem|dem|deinem|einem|unserem) land",
    *(name.replace("_", " ") for name in sorted(set(_COUNTRY_NAMES.split()))),
)
