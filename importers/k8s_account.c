/*
 * Kubernetes service accounts and secrets.
 *
 * A ServiceAccount is a service_account node. Its workload identity
 * annotations link it to the cloud identity it can assume, keyed the way
 * the cloud importers key them:
 *
 *   eks.amazonaws.com/role-arn          aws:<role ARN>
 *   iam.gke.io/gcp-service-account      gcp:serviceAccount:<email>
 *   azure.workload.identity/client-id   entra:app:<client id>
 *
 * A Secret is a credential node. Secret values are never stored: each
 * value of "data" is base64-decoded and each value of "stringData" taken
 * as it is, and only its fingerprint (import_fingerprint(), the keyed
 * HMAC-SHA-256 of the case) is kept, as "fingerprint:<key>". No message
 * names a value, and a Secret's annotation values are not kept either,
 * because tools stash copies of the object in them. A token Secret
 * (kubernetes.io/service-account-token) authenticates as its service
 * account; a bootstrap token as the user system:bootstrap:<token id>.
 */
#include <stdlib.h>
#include <string.h>

#include "digest.h"
#include "hmap.h"
#include "import.h"
#include "json.h"
#include "jsonw.h"
#include "k8s.h"
#include "record.h"
#include "strbuf.h"
#include "tstamp.h"
#include "xalloc.h"

#define K8S_SA_NAME_ANNOTATION	"kubernetes.io/service-account.name"
#define K8S_SA_UID_ANNOTATION	"kubernetes.io/service-account.uid"

/* A workload identity annotation and the key of what it names. */
struct k8s_cloud_link {
	const char	*annotation;
	const char	*prefix;	/* of the key of the cloud identity */
	const char	*what;		/* for the warning */
	int		(*valid)(const char *);
};

/* Secret types and the credential_type they map to. */
static const struct {
	const char	*type;
	const char	*credential_type;
} k8s_account_types[] = {
	{ "kubernetes.io/service-account-token", "service_account_token" },
	{ "kubernetes.io/dockerconfigjson", "registry_credential" },
	{ "kubernetes.io/dockercfg", "registry_credential" },
	{ "kubernetes.io/tls", "certificate" },
	{ "kubernetes.io/basic-auth", "password" },
	{ "kubernetes.io/ssh-auth", "ssh_key" },
	{ "bootstrap.kubernetes.io/token", "bootstrap_token" },
};

/* arn:<partition>:iam::<12-digit account>:role/<path and name> */
static int
k8s_account_valid_arn(const char *s)
{
	const char	*p;

	if (strncmp(s, "arn:aws", 7) != 0 || (p = strstr(s, ":iam::")) ==
	    NULL)
		return 0;
	p += 6;
	if (strspn(p, "0123456789") != 12 || strncmp(p + 12, ":role/", 6) !=
	    0)
		return 0;
	return p[18] != '\0' && strpbrk(s, " \t\r\n") == NULL;
}

static int
k8s_account_valid_email(const char *s)
{
	const char	*at = strchr(s, '@');

	return at != NULL && at != s && at[1] != '\0' &&
	    strchr(at + 1, '@') == NULL && strpbrk(s, " \t\r\n:") == NULL;
}

/* A GUID: 8-4-4-4-12 hexadecimal digits. */
static int
k8s_account_valid_guid(const char *s)
{
	static const int	 groups[] = { 8, 4, 4, 4, 12 };
	size_t			 i;

	for (i = 0; i < 5; i++) {
		if (strspn(s, "0123456789abcdefABCDEF") != (size_t)groups[i])
			return 0;
		s += groups[i];
		if (*s != (i < 4 ? '-' : '\0'))
			return 0;
		if (i < 4)
			s++;
	}
	return 1;
}

static const struct k8s_cloud_link k8s_account_links[] = {
	{ "eks.amazonaws.com/role-arn", "aws:", "an IAM role ARN",
	    k8s_account_valid_arn },
	{ "iam.gke.io/gcp-service-account", "gcp:serviceAccount:",
	    "a service account e-mail", k8s_account_valid_email },
	{ "azure.workload.identity/client-id", "entra:app:",
	    "an application (client) id", k8s_account_valid_guid },
};

/* Emit the can_assume edges of a service account's annotations. */
static int
k8s_account_cloud(struct k8s_state *st, const struct k8s_object *o,
    const char *key, char **errp)
{
	const struct k8s_cloud_link	*l;
	struct strbuf			 dst;
	const char			*v;
	char				*p;
	size_t				 i;
	int				 rc = 0;

	strbuf_init(&dst);
	for (i = 0; i < sizeof(k8s_account_links) /
	    sizeof(k8s_account_links[0]) && rc == 0; i++) {
		l = &k8s_account_links[i];
		if ((v = k8s_str(o->annotations, l->annotation)) == NULL)
			continue;
		if (!l->valid(v)) {
			rc = k8s_warn(st, o, errp, "annotation %s is not %s; "
			    "no link to the cloud identity is made",
			    l->annotation, l->what);
			continue;
		}
		strbuf_reset(&dst);
		strbuf_addf(&dst, "%s%s", l->prefix, v);
		/* Entra ids are written in lower case. */
		if (l->valid == k8s_account_valid_guid) {
			for (p = dst.buf + strlen(l->prefix); *p != '\0'; p++)
				if (*p >= 'A' && *p <= 'F')
					*p = (char)(*p - 'A' + 'a');
		}
		rc = k8s_emit_edge(st, key, dst.buf, KIND_EDGE_CAN_ASSUME,
		    l->annotation, 0, NULL);
	}
	strbuf_free(&dst);
	return rc;
}

/* Emit an edge to each Secret a list of {name: ...} references names. */
static int
k8s_account_refs(struct k8s_state *st, const struct k8s_object *o,
    const char *key, const char *field, enum kind_edge kind,
    const char *raw)
{
	const cJSON	*c;
	const char	*name;
	struct strbuf	 dst;
	int		 rc = 0;

	strbuf_init(&dst);
	cJSON_ArrayForEach(c, json_get(o->obj, field)) {
		if ((name = k8s_str(c, "name")) == NULL)
			continue;
		k8s_key(st, &dst, o->ns, "secret", name);
		if ((rc = k8s_emit_edge(st, key, dst.buf, kind, raw, 0,
		    NULL)) == -1)
			break;
	}
	strbuf_free(&dst);
	return rc;
}

int
k8s_account_sa(struct k8s_state *st, const struct k8s_object *o,
    char **errp)
{
	struct k8s_account	*a;
	struct record_node	 n;
	struct strbuf		 key, name, attrs;
	struct jsonw		 w;
	int			 automount = -1, b, rc = -1;

	strbuf_init(&key);
	strbuf_init(&name);
	strbuf_init(&attrs);
	k8s_key(st, &key, o->ns, "sa", o->name);
	switch (k8s_bool(o->obj, "automountServiceAccountToken", &b)) {
	case 1:
		automount = b;
		hmap_put(st->automount, key.buf, key.len, (uint64_t)b);
		break;
	case -1:
		if (k8s_warn(st, o, errp, "automountServiceAccountToken is "
		    "not a boolean; ignored") == -1)
			goto out;
		break;
	}
	jsonw_init(&w, &attrs, 0);
	jsonw_object_begin(&w);
	k8s_attrs_meta(&w, o, 0);
	if (automount != -1) {
		jsonw_key(&w, "automount_token");
		jsonw_bool(&w, automount);
	}
	jsonw_object_end(&w);

	record_node_init(&n);
	strbuf_addf(&name, "%s/%s", o->ns, o->name);
	n.key = key.buf;
	n.kind = KIND_NODE_SERVICE_ACCOUNT;
	n.kinds = "ServiceAccount";
	n.name = name.buf;
	n.life.created_at = o->created;
	n.attrs = attrs.buf;
	if (k8s_emit_node(st, &n, o, errp) == -1)
		goto out;
	st->accounts = k8s_grow(st->accounts, st->naccounts,
	    sizeof(*st->accounts));
	a = &st->accounts[st->naccounts++];
	a->ns = arena_strdup(&st->arena, o->ns);
	a->name = arena_strdup(&st->arena, o->name);
	if (k8s_account_cloud(st, o, key.buf, errp) == -1 ||
	    k8s_account_refs(st, o, key.buf, "imagePullSecrets",
	    KIND_EDGE_USES, "ImagePullSecret") == -1 ||
	    k8s_account_refs(st, o, key.buf, "secrets", KIND_EDGE_RELATED,
	    "ServiceAccountSecret") == -1)
		goto out;
	rc = 0;
out:
	strbuf_free(&key);
	strbuf_free(&name);
	strbuf_free(&attrs);
	return rc;
}

static int
k8s_account_b64(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/*
 * Decode standard base64 (padding optional, line breaks and spaces
 * ignored) into out, which the caller wipes and frees. Returns -1 when
 * the text is not base64.
 */
static int
k8s_account_decode(const char *s, struct strbuf *out)
{
	unsigned	 acc = 0;
	int		 bits = 0, v, pad = 0;

	for (; *s != '\0'; s++) {
		if (*s == '\n' || *s == '\r' || *s == ' ' || *s == '\t')
			continue;
		if (*s == '=') {
			pad++;
			continue;
		}
		if (pad > 0 || (v = k8s_account_b64((unsigned char)*s)) == -1)
			return -1;
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			strbuf_addch(out, (int)((acc >> bits) & 0xff));
		}
	}
	/* Six leftover bits are a lone character, which encodes nothing. */
	return bits >= 6 || pad > 2 ? -1 : 0;
}

/* Wipe a buffer that held a secret value, then empty it. */
static void
k8s_account_wipe(struct strbuf *sb)
{
	if (sb->buf != NULL && sb->cap > 0)
		explicit_bzero(sb->buf, sb->cap);
	strbuf_reset(sb);
}

/* Keep the fingerprint of key, replacing one kept before. */
static void
k8s_account_keep(struct k8s_state *st, struct k8s_strings *keys,
    struct k8s_strings *hexes, const char *key, const char *hex)
{
	size_t	 i;

	for (i = 0; i < keys->n; i++) {
		if (strcmp(keys->v[i], key) == 0) {
			hexes->v[i] = arena_strdup(&st->arena, hex);
			return;
		}
	}
	k8s_strings_add(st, keys, key);
	k8s_strings_add(st, hexes, hex);
}

/*
 * Fingerprint each value of data (base64) and stringData (plain); a
 * stringData value overrides data of the same key, as the API server
 * does. A key whose value is not base64 gets an empty fingerprint.
 */
static int
k8s_account_fingerprints(struct k8s_state *st, const struct k8s_object *o,
    struct k8s_strings *keys, struct k8s_strings *hexes, char **errp)
{
	static const char *const fields[] = { "data", "stringData" };
	struct strbuf	 value;
	const cJSON	*c;
	char		 hex[DIGEST_HEX_BUFSZ];
	size_t		 i;
	int		 rc = 0;

	strbuf_init(&value);
	for (i = 0; i < 2 && rc == 0; i++) {
		cJSON_ArrayForEach(c, json_get(o->obj, fields[i])) {
			k8s_account_wipe(&value);
			if (!cJSON_IsString(c)) {
				rc = k8s_warn(st, o, errp, "%s.%s is not a "
				    "string; no fingerprint is kept for it",
				    fields[i], c->string);
				if (rc == -1)
					break;
				continue;
			}
			if (i == 0 && k8s_account_decode(c->valuestring,
			    &value) == -1) {
				k8s_account_keep(st, keys, hexes, c->string,
				    "");
				rc = k8s_warn(st, o, errp, "data.%s is not "
				    "base64; no fingerprint is kept for it",
				    c->string);
				if (rc == -1)
					break;
				continue;
			}
			if (i == 1)
				strbuf_addstr(&value, c->valuestring);
			if ((rc = import_fingerprint(st->imp, value.buf,
			    value.len, hex)) == -1)
				break;
			k8s_account_keep(st, keys, hexes, c->string, hex);
		}
	}
	k8s_account_wipe(&value);
	strbuf_free(&value);
	return rc;
}

/* Write "keys" and a "fingerprint:<key>" attribute per value. */
static void
k8s_account_fingerprint_attrs(struct jsonw *w, const struct k8s_strings *keys,
    const struct k8s_strings *hexes)
{
	struct strbuf	 attr;
	size_t		 i;

	strbuf_init(&attr);
	jsonw_key(w, "keys");
	jsonw_array_begin(w);
	for (i = 0; i < keys->n; i++)
		jsonw_str(w, keys->v[i]);
	jsonw_array_end(w);
	for (i = 0; i < keys->n; i++) {
		if (*hexes->v[i] == '\0')
			continue;
		strbuf_reset(&attr);
		strbuf_addf(&attr, "fingerprint:%s", keys->v[i]);
		jsonw_key(w, attr.buf);
		jsonw_str(w, hexes->v[i]);
	}
	strbuf_free(&attr);
}

/*
 * Read a public field of a bootstrap token (token-id, expiration) from
 * data; these parts are meant to be seen. Returns an arena copy or NULL.
 */
static char *
k8s_account_public(struct k8s_state *st, const struct k8s_object *o,
    const char *field)
{
	struct strbuf	 v;
	const char	*b64 = k8s_str(json_get(o->obj, "data"), field);
	char		*s = NULL;

	strbuf_init(&v);
	if (b64 != NULL && k8s_account_decode(b64, &v) == 0 &&
	    memchr(v.buf, '\0', v.len) == NULL)
		s = arena_strdup(&st->arena, v.buf);
	strbuf_free(&v);
	return s;
}

/* Emit the edge from a token Secret to the identity it signs in as. */
static int
k8s_account_token_edge(struct k8s_state *st, const struct k8s_object *o,
    const char *key, const char *type, const char *token_id)
{
	struct strbuf	 dst, user;
	const char	*sa = k8s_str(o->annotations, K8S_SA_NAME_ANNOTATION);
	int		 rc = 0;

	strbuf_init(&dst);
	strbuf_init(&user);
	if (strcmp(type, "kubernetes.io/service-account-token") == 0 &&
	    sa != NULL) {
		k8s_key(st, &dst, o->ns, "sa", sa);
		rc = k8s_emit_edge(st, key, dst.buf,
		    KIND_EDGE_AUTHENTICATES_AS, "ServiceAccountToken", 0, NULL);
	} else if (token_id != NULL) {
		strbuf_addf(&user, "system:bootstrap:%s", token_id);
		k8s_key(st, &dst, NULL, "user", user.buf);
		rc = k8s_emit_edge(st, key, dst.buf,
		    KIND_EDGE_AUTHENTICATES_AS, "BootstrapToken", 0, NULL);
	}
	strbuf_free(&dst);
	strbuf_free(&user);
	return rc;
}

static const char *
k8s_account_credential_type(const char *type)
{
	size_t	 i;

	for (i = 0; i < sizeof(k8s_account_types) /
	    sizeof(k8s_account_types[0]); i++) {
		if (strcmp(k8s_account_types[i].type, type) == 0)
			return k8s_account_types[i].credential_type;
	}
	return "kubernetes_secret";
}

/* Write the attributes of a Secret other than its fingerprints. */
static void
k8s_account_secret_attrs(struct jsonw *w, const struct k8s_object *o,
    const char *type, const char *token_id)
{
	const char	*sa = k8s_str(o->annotations, K8S_SA_NAME_ANNOTATION);
	const char	*uid = k8s_str(o->annotations, K8S_SA_UID_ANNOTATION);
	int		 b;

	k8s_attrs_meta(w, o, 1);
	jsonw_key(w, "type");
	jsonw_str(w, type);
	if (sa != NULL) {
		jsonw_key(w, "service_account");
		jsonw_str(w, sa);
	}
	if (uid != NULL) {
		jsonw_key(w, "service_account_uid");
		jsonw_str(w, uid);
	}
	if (token_id != NULL) {
		jsonw_key(w, "token_id");
		jsonw_str(w, token_id);
	}
	if (k8s_bool(o->obj, "immutable", &b) == 1) {
		jsonw_key(w, "immutable");
		jsonw_bool(w, b);
	}
}

int
k8s_account_secret(struct k8s_state *st, const struct k8s_object *o,
    char **errp)
{
	const char		*type = k8s_str(o->obj, "type");
	struct k8s_strings	 keys, hexes;
	struct record_node	 n;
	struct strbuf		 key, name, attrs;
	struct jsonw		 w;
	char			*token_id = NULL, *expiration = NULL;
	int			 rc = -1;

	strbuf_init(&key);
	strbuf_init(&name);
	strbuf_init(&attrs);
	memset(&keys, 0, sizeof(keys));
	memset(&hexes, 0, sizeof(hexes));
	if (type == NULL)
		type = "Opaque";
	k8s_key(st, &key, o->ns, "secret", o->name);
	record_node_init(&n);
	if (strcmp(type, "bootstrap.kubernetes.io/token") == 0) {
		token_id = k8s_account_public(st, o, "token-id");
		expiration = k8s_account_public(st, o, "expiration");
		if (expiration != NULL &&
		    tstamp_parse(expiration, &n.life.expires_at) == -1)
			n.life.expires_at = TSTAMP_UNKNOWN;
		else if (expiration == NULL)
			n.life.expires_at = TSTAMP_NEVER;
	}
	if (k8s_account_fingerprints(st, o, &keys, &hexes, errp) == -1)
		goto out;
	jsonw_init(&w, &attrs, 0);
	jsonw_object_begin(&w);
	k8s_account_secret_attrs(&w, o, type, token_id);
	k8s_account_fingerprint_attrs(&w, &keys, &hexes);
	jsonw_object_end(&w);

	strbuf_addf(&name, "%s/%s", o->ns, o->name);
	n.key = key.buf;
	n.kind = KIND_NODE_CREDENTIAL;
	n.kinds = "Secret";
	n.name = name.buf;
	n.credential_type = k8s_account_credential_type(type);
	n.life.created_at = o->created;
	n.attrs = attrs.buf;
	if (k8s_emit_node(st, &n, o, errp) == -1 ||
	    k8s_account_token_edge(st, o, key.buf, type, token_id) == -1)
		goto out;
	rc = 0;
out:
	strbuf_free(&key);
	strbuf_free(&name);
	strbuf_free(&attrs);
	return rc;
}
