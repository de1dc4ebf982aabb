"""Spanish word classes of replies (Mexican and Central American usage): stop requests.

Written as `reply_words` writes them (lower case, no accents or apostrophes) and joined to its
`PHRASES` by `replies`; kept apart because Spanish conjugates each request in every person
(usted, ustedes, tú, vos), and those lists are long.
"""

from __future__ import annotations

from notifications.reply_words import _TEXTS, STOP_ES, STOP_SELF, _combos, _split

_MANDAR = (
    # tú and vos forms too ("ya no me textees", "no me mandés"), and "que no me llegue(n)"
    "textees|textes|contactes|molestes|llegue|lleguen|"
    "manden|mande|mandes|envien|envie|envies|escriban|escriba|escribas|contacten|contacte|"
    "texteen|textean|textee|molesten|moleste|mandan|envian|escriben"
)
_VERB_ES = (
    "mandar|mandarme|enviar|enviarme|escribir|escribirme|molestar|molestarme|contactar|"
    "contactarme|textear|textearme|mensajear|mensajearme|mandarnos|enviarnos"
)


ES: dict[str, list[str]] = {
    # Where a "no" just before it is a negation ("no dejen de escribirme").
    STOP_ES: _split(
        "parar,paren,alto,darme de baja,denme de baja,deme de baja,dame de baja,dar de baja,"
        "de baja,quitenme,quiteme,quitame,saquenme,saqueme,sacame,sacenme,borrenme,borreme,borrame,"
        "borrenme,borren mi numero,saquen mi numero,quiten mi numero,numero equivocado,"
        "equivocado de numero,equivocaron de numero,se equivocaron,dejenme en paz,"
        "basta de mensajes,cancelar suscripcion,cancelar mensajes,cancelar los mensajes,"
        "cancelen los mensajes,cancelen mis mensajes,se equivoco,se equivocaron,persona equivocada,"
        "equivoco de persona,equivoco de numero,no es el numero,no es mi numero,"
        "no soy la persona,no soy esa persona,no soy quien buscan,no soy el que buscan,"
        "no soy la que buscan,no tienen el numero correcto,no tiene el numero correcto,"
        "nada de mensajes,nada de textos,que me borren,no trabaja nadie con ese nombre,"
        "no hay nadie con ese nombre,no vive nadie con ese nombre,"
        # Unsubscribing in Spanish, every person: "desuscríbanme", "desinscríbeme"
        "desuscribir,desuscribirme,desuscribanme,desuscribame,desuscribeme,desinscribir,"
        "desinscribirme,desinscribanme,desuscripcion,"
        "dejenme tranquilo,dejenme tranquila,dejame tranquilo,dejame tranquila,dejame en paz,"
        "dejeme en paz,"
        # the keyword named as sent: "¿qué pasa si pongo baja?", "ya puse baja"
        # (only supposed or done: "ya merito les pongo baja" is a threat, asked about)
        "si pongo baja,si le pongo baja,si mando baja,si escribo baja,si contesto baja,"
        "puse baja,mande baja,escribi baja,conteste baja"
    )
    + _combos("ya no|no", "quiero|deseo", "estar|seguir", "en", "su|la|esta|sus|", "lista")
    # A wrong number in every tense and person: "se equivocan de persona"
    + _combos(
        "se equivoca|se equivocan|se equivocaron|se equivoco|se han equivocado|"
        "te equivocaste|estan equivocados",
        "de",
        "numero|persona|telefono|celular",
    )
    # Every person of "stop doing it": deja/deje/dejen, para/pare/paren, párale/párenle de ...
    + _combos(
        "dejen|deje|deja|dejes|dejar|dejan|para|pare|paren|parale|parele|parenle|basta",
        "de",
        _VERB_ES,
    )
    + _combos("paren|pare|para de|parar", "los|", "mensajes|textos")
    + _combos("no mas", _TEXTS)
    + _combos("quiero|voy a", "dejar de recibir", "|los", "mensajes|textos"),
    # A stop request that carries its own negation ("no me manden", "ya no me textees").
    STOP_SELF: _combos("ya no|no", "me|nos", _MANDAR)
    + _combos(
        "ya no|no", "me|nos", "vuelvan a|vuelva a", "mandar|escribir|enviar|contactar|textear"
    )
    + _combos("ya no|no", "quiero", "recibir|", "mas|", _TEXTS)
    + _combos("ya no|no", "quiero", "los|sus|", "texts|messages|mensajes|textos")
    + _split("no molesten,ya no me manden nada,no me manden mas,no me contacten")
    # "ya no me inviten", "no me sigan invitando": no more invitations
    + _combos("ya no", "me|nos", "inviten|invite|invites|sigan invitando|vuelvan a invitar")
    + _split("no me inviten mas,no me sigan invitando,no me vuelvan a invitar"),
}
