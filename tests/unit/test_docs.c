/* SPDX-License-Identifier: MIT */
/*
 * test_docs.c - the manual agrees with the code: the check registry is
 * sorted and complete, and man/mtaaudit.1 documents every check (CHECKS),
 * every long option of audit/cmd_audit.c (OPTIONS), the usage text and
 * the commands of audit/command.c (SYNOPSIS), every format of the
 * reporter table (OPTIONS) and every JSON member and enumerated value
 * that report/json.c writes (OUTPUT).
 *
 * The source tree is found from $MTAAUDIT_SRCDIR, else by walking up from
 * the current directory, else from the test binary (build/tests/...).
 */
#include <ctype.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "audit/command.h"
#include "audit/engine.h"
#include "audit/model.h"
#include "report/report.h"

#define MAN_PAGE	"man/mtaaudit.1"
#define MAIN_C		"audit/cmd_audit.c"	/* the options */
#define COMMAND_C	"audit/command.c"	/* the usage text */
#define JSON_C		"report/json.c"

/* the texts the tests compare, read once */
struct docs {
	char	*man;		/* man/mtaaudit.1 */
	char	*main_c;	/* audit/cmd_audit.c */
	char	*command_c;	/* audit/command.c */
	char	*json_c;	/* report/json.c */
};

/* a slice of a text: one man page section, one list entry ... */
struct span {
	const char	*s;
	size_t		 len;
};

static const char *argv0;

/* slurp - the whole file PATH as a NUL-terminated string, or NULL */
static char *
slurp(const char *path)
{
	FILE *fp = fopen(path, "r");
	char *data = NULL;
	size_t len = 0, cap = 0, n;

	if (fp == NULL)
		return NULL;
	do {
		if (cap - len < 4096) {
			cap = cap ? cap * 2 : 65536;
			data = realloc(data, cap + 1);
			if (data == NULL)
				break;
		}
		n = fread(data + len, 1, cap - len, fp);
		len += n;
	} while (n > 0);
	if (ferror(fp) || data == NULL) {
		free(data);
		data = NULL;
	} else
		data[len] = '\0';
	fclose(fp);
	return data;
}

/* is_top - DIR holds the man page and the sources it documents */
static bool
is_top(const char *dir)
{
	char p[PATH_MAX];

	snprintf(p, sizeof(p), "%s/%s", dir, MAN_PAGE);
	if (access(p, R_OK) != 0)
		return false;
	snprintf(p, sizeof(p), "%s/%s", dir, MAIN_C);
	return access(p, R_OK) == 0;
}

/* walk_up - the nearest directory at or above DIR that is the top */
static bool
walk_up(char *dir)
{
	char *slash;

	for (;;) {
		if (is_top(dir))
			return true;
		slash = strrchr(dir, '/');
		if (slash == NULL || strcmp(dir, "/") == 0)
			return false;
		slash[slash == dir ? 1 : 0] = '\0';	/* "/work" -> "/" */
	}
}

/* find_top - the top of the source tree into DIR; false if not found */
static bool
find_top(char dir[PATH_MAX])
{
	const char *env = getenv("MTAAUDIT_SRCDIR");
	ssize_t n;
	char *slash;

	if (env && *env && strlen(env) < PATH_MAX) {
		strcpy(dir, env);
		if (is_top(dir))
			return true;
	}
	if (getcwd(dir, PATH_MAX) != NULL && walk_up(dir))
		return true;
	n = readlink("/proc/self/exe", dir, PATH_MAX - 1);
	if (n > 0)
		dir[n] = '\0';
	else if (argv0 == NULL || realpath(argv0, dir) == NULL)
		return false;
	if ((slash = strrchr(dir, '/')) != NULL)
		*slash = '\0';
	return walk_up(dir);
}

/* read_doc - read REL under TOP or fail the setup */
static char *
read_doc(const char *top, const char *rel)
{
	char p[PATH_MAX];
	char *s;

	snprintf(p, sizeof(p), "%s/%s", top, rel);
	s = slurp(p);
	if (s == NULL)
		print_error("cannot read %s\n", p);
	return s;
}

/* docs_setup - read the man page and the sources once for every test */
static int
docs_setup(void **state)
{
	char top[PATH_MAX];
	struct docs *d;

	if (!find_top(top)) {
		print_error("cannot find %s: run from the source tree or set "
		    "MTAAUDIT_SRCDIR\n", MAN_PAGE);
		return -1;
	}
	if ((d = calloc(1, sizeof(*d))) == NULL)
		return -1;
	d->man = read_doc(top, MAN_PAGE);
	d->main_c = read_doc(top, MAIN_C);
	d->command_c = read_doc(top, COMMAND_C);
	d->json_c = read_doc(top, JSON_C);
	*state = d;
	return d->man && d->main_c && d->command_c && d->json_c ? 0 : -1;
}

/* docs_teardown - free what docs_setup read */
static int
docs_teardown(void **state)
{
	struct docs *d = *state;

	if (d) {
		free(d->man);
		free(d->main_c);
		free(d->command_c);
		free(d->json_c);
		free(d);
	}
	return 0;
}

/* section - the body of man page section NAME (after ".Sh NAME") */
static struct span
section(const char *man, const char *name)
{
	struct span sp = { NULL, 0 };
	const char *p = man, *end;
	size_t n = strlen(name);

	while ((p = strstr(p, ".Sh ")) != NULL) {
		if ((p == man || p[-1] == '\n') &&
		    strncmp(p + 4, name, n) == 0 && p[4 + n] == '\n')
			break;
		p += 4;
	}
	if (p == NULL)
		return sp;
	p += 4 + n + 1;
	end = strstr(p, "\n.Sh ");
	sp.s = p;
	sp.len = end ? (size_t)(end - p) + 1 : strlen(p);
	return sp;
}

/* ident_char - a byte of a name, option or JSON member */
static bool
ident_char(int c)
{
	return isalnum(c) || c == '_' || c == '-';
}

/* find_token - where NEEDLE occurs in SP as a whole token, or NULL:
 * preceded by the start, a space, a newline or the dot of a macro line,
 * and not followed by a byte of a name */
static const char *
find_token(struct span sp, const char *needle)
{
	size_t n = strlen(needle), i;

	for (i = 0; i + n <= sp.len; i++) {
		if (memcmp(sp.s + i, needle, n) != 0)
			continue;
		if (i > 0 && sp.s[i - 1] != ' ' && sp.s[i - 1] != '\n' &&
		    !(sp.s[i - 1] == '.' && (i == 1 || sp.s[i - 2] == '\n')))
			continue;
		if (i + n < sp.len && ident_char((unsigned char)sp.s[i + n]))
			continue;
		return sp.s + i;
	}
	return NULL;
}

/* find_line - where the line LINE occurs in SP, or NULL */
static const char *
find_line(struct span sp, const char *line)
{
	size_t n = strlen(line), i;

	for (i = 0; i + n <= sp.len; i++)
		if ((i == 0 || sp.s[i - 1] == '\n') &&
		    memcmp(sp.s + i, line, n) == 0 &&
		    (i + n == sp.len || sp.s[i + n] == '\n'))
			return sp.s + i;
	return NULL;
}

/* count_lines - how many lines of SP start with PREFIX */
static size_t
count_lines(struct span sp, const char *prefix)
{
	size_t n = strlen(prefix), i, count = 0;

	for (i = 0; i + n <= sp.len; i++)
		if ((i == 0 || sp.s[i - 1] == '\n') &&
		    memcmp(sp.s + i, prefix, n) == 0)
			count++;
	return count;
}

/* entry_text - the text lines of one list entry joined by spaces, with
 * the zero-width escape "\&" removed; the caller frees */
static char *
entry_text(const char *start, const char *end)
{
	char *out = malloc((size_t)(end - start) + 2), *o = out;
	const char *p = start;

	if (out == NULL)
		return NULL;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;

		for (; p < eol; p++) {
			if (p[0] == '\\' && p + 1 < eol && p[1] == '&') {
				p++;
				continue;
			}
			*o++ = *p;
		}
		*o++ = ' ';
		p = eol + 1;
	}
	*o = '\0';
	return out;
}

/* extract - the text of SRC between the first OPEN and the CLOSE after
 * it, or an empty span */
static struct span
extract(const char *src, const char *open, const char *close)
{
	struct span sp = { NULL, 0 };
	const char *a = strstr(src, open), *b;

	if (a == NULL)
		return sp;
	a += strlen(open);
	if ((b = strstr(a, close)) == NULL)
		return sp;
	sp.s = a;
	sp.len = (size_t)(b - a);
	return sp;
}

/* test_registry_sorted - ids strictly ascending, so unique, and found by
 * check_find's bsearch */
static void
test_registry_sorted(void **state)
{
	size_t i, j;

	(void)state;
	assert_true(nchecks > 0);
	for (i = 0; i < nchecks; i++) {
		assert_non_null(checks[i].id);
		if (i > 0 && strcmp(checks[i - 1].id, checks[i].id) >= 0)
			fail_msg("registry not sorted by id: %s before %s",
			    checks[i - 1].id, checks[i].id);
		if (check_find(checks[i].id) != &checks[i])
			fail_msg("check_find(\"%s\") misses its row",
			    checks[i].id);
		for (j = 0; j < i; j++)
			if (strcmp(checks[i].id, checks[j].id) == 0)
				fail_msg("duplicate id %s", checks[i].id);
	}
	assert_null(check_find("ZZZ999"));
}

/* test_registry_rows - every row is complete, and names are unique */
static void
test_registry_rows(void **state)
{
	size_t i, j;

	(void)state;
	for (i = 0; i < nchecks; i++) {
		const struct check *c = &checks[i];

		if (c->name == NULL || *c->name == '\0')
			fail_msg("%s has no name", c->id);
		if (c->title == NULL || *c->title == '\0')
			fail_msg("%s has no title", c->id);
		if (c->rationale == NULL || *c->rationale == '\0')
			fail_msg("%s has no rationale", c->id);
		if (c->fix == NULL || c->refs == NULL)
			fail_msg("%s: fix and refs must not be NULL", c->id);
		if (c->cat >= CAT_COUNT || c->sev >= SEV_COUNT)
			fail_msg("%s: category or severity out of range",
			    c->id);
		if (c->mtas == 0 || (c->mtas & ~(unsigned)MTA_ALL) != 0)
			fail_msg("%s: bad MTA mask %#x", c->id, c->mtas);
		for (j = 0; j < i; j++)
			if (strcmp(c->name, checks[j].name) == 0)
				fail_msg("%s and %s share the name %s",
				    checks[j].id, c->id, c->name);
	}
}

/* test_man_checks - CHECKS has one entry per row, in id order, with the
 * row's category, default severity, MTAs and title */
static void
test_man_checks(void **state)
{
	const struct docs *d = *state;
	struct span sec = section(d->man, "CHECKS");
	const char *prev = NULL, *end = sec.s + sec.len;
	char want[256];
	size_t i, bad = 0;

	assert_non_null(sec.s);
	for (i = 0; i < nchecks; i++) {
		const struct check *c = &checks[i];
		const char *at, *next;
		struct span entry;
		char *text;

		snprintf(want, sizeof(want), ".It Sy %s Ar %s", c->id,
		    c->name);
		if ((at = find_line(sec, want)) == NULL) {
			print_error("CHECKS lacks \"%s\"\n", want);
			bad++;
			continue;
		}
		if (prev && at < prev) {
			print_error("CHECKS: %s is out of id order\n", c->id);
			bad++;
		}
		prev = at;
		next = strstr(at + 1, "\n.It ");
		if (next == NULL || next > end)
			next = end;
		entry.s = at;
		entry.len = (size_t)(next - at);
		snprintf(want, sizeof(want), "Cm %s", category_name(c->cat));
		if (find_token(entry, want) == NULL) {
			print_error("CHECKS: %s lacks its category \"%s\"\n",
			    c->id, want);
			bad++;
		}
		snprintf(want, sizeof(want), "Cm %s", severity_name(c->sev));
		if (find_token(entry, want) == NULL) {
			print_error("CHECKS: %s lacks its severity \"%s\"\n",
			    c->id, want);
			bad++;
		}
		text = entry_text(at, next);
		assert_non_null(text);
		if ((strstr(text, "all MTAs") != NULL) !=
		    (c->mtas == MTA_ALL)) {
			print_error("CHECKS: %s %s \"all MTAs\"\n", c->id,
			    c->mtas == MTA_ALL ? "lacks" : "wrongly says");
			bad++;
		}
		if (strstr(text, c->title) == NULL) {
			print_error("CHECKS: %s lacks its title \"%s\"\n",
			    c->id, c->title);
			bad++;
		}
		free(text);
	}
	if (count_lines(sec, ".It ") != nchecks) {
		print_error("CHECKS has %zu entries, the registry %zu rows\n",
		    count_lines(sec, ".It "), nchecks);
		bad++;
	}
	assert_int_equal(bad, 0);
}

/* longopt_names - call fn for each { "name", ... } entry of main.c's
 * longopts array; returns how many there are */
static size_t
longopt_names(const char *main_c, void (*fn)(const char *, void *),
    void *arg)
{
	struct span body = extract(main_c, "longopts[] = {", "};");
	size_t i, count = 0;

	for (i = 0; i + 3 < body.len; i++) {
		char name[64];
		size_t n = 0;

		if (body.s[i] != '{')
			continue;
		i++;
		while (i < body.len && body.s[i] == ' ')
			i++;
		if (i >= body.len || body.s[i] != '"')
			continue;
		for (i++; i < body.len && body.s[i] != '"' &&
		    n + 1 < sizeof(name); i++)
			name[n++] = body.s[i];
		name[n] = '\0';
		if (i + 1 < body.len && body.s[i] == '"' &&
		    body.s[i + 1] == ',' && n > 0) {
			fn(name, arg);
			count++;
		}
	}
	return count;
}

/* state of the option tests */
struct optcheck {
	struct span	 options;	/* the OPTIONS section */
	struct span	 synopsis;	/* the SYNOPSIS section */
	size_t		 bad;
};

/* option_documented - an ".It" line of OPTIONS names "Fl -NAME" */
static void
option_documented(const char *name, void *arg)
{
	struct optcheck *oc = arg;
	char want[96];
	const char *p;
	struct span rest = oc->options;

	snprintf(want, sizeof(want), "Fl -%s", name);
	while ((p = find_token(rest, want)) != NULL) {
		const char *bol = p;

		while (bol > oc->options.s && bol[-1] != '\n')
			bol--;
		if (strncmp(bol, ".It ", 4) == 0)
			return;
		rest.len -= (size_t)(p + 1 - rest.s);
		rest.s = p + 1;
	}
	print_error("OPTIONS has no \".It ... %s\" entry\n", want);
	oc->bad++;
}

/* test_man_options - every long option has an OPTIONS entry */
static void
test_man_options(void **state)
{
	const struct docs *d = *state;
	struct optcheck oc = { section(d->man, "OPTIONS"), { NULL, 0 }, 0 };
	size_t n;

	assert_non_null(oc.options.s);
	n = longopt_names(d->main_c, option_documented, &oc);
	if (n < 3)
		fail_msg("found only %zu longopts entries in %s; has its "
		    "layout changed?", n, MAIN_C);
	assert_int_equal(oc.bad, 0);
}

/* a name to look for among the longopts entries */
struct known {
	const char	*name;
	bool		 found;
};

/* known_option - note whether NAME is the one looked for */
static void
known_option(const char *name, void *arg)
{
	struct known *k = arg;

	if (strcmp(name, k->name) == 0)
		k->found = true;
}

/* test_man_no_stale_options - every "Fl -name" of an ".It" line of
 * OPTIONS is a long option main.c knows */
static void
test_man_no_stale_options(void **state)
{
	const struct docs *d = *state;
	struct span sec = section(d->man, "OPTIONS");
	const char *line, *end, *p;
	size_t bad = 0, seen = 0;

	assert_non_null(sec.s);
	for (line = sec.s; line < sec.s + sec.len; line = end + 1) {
		end = memchr(line, '\n', (size_t)(sec.s + sec.len - line));
		if (end == NULL)
			end = sec.s + sec.len;
		if (strncmp(line, ".It ", 4) != 0)
			continue;
		for (p = line; (p = strstr(p, "Fl -")) != NULL && p < end;) {
			struct known k = { NULL, false };
			char name[64];
			size_t n = 0;

			for (p += 4; p < end && ident_char((unsigned char)*p) &&
			    n + 1 < sizeof(name); p++)
				name[n++] = *p;
			name[n] = '\0';
			k.name = name;
			longopt_names(d->main_c, known_option, &k);
			if (!k.found) {
				print_error("OPTIONS documents --%s, which "
				    "%s does not know\n", name, MAIN_C);
				bad++;
			}
			seen++;
		}
	}
	if (seen == 0)
		fail_msg("OPTIONS has no \".It Fl -name\" entries");
	assert_int_equal(bad, 0);
}

/* test_man_synopsis - SYNOPSIS names the options and arguments of the
 * usage text of command.c, in its order */
static void
test_man_synopsis(void **state)
{
	const struct docs *d = *state;
	struct span sec = section(d->man, "SYNOPSIS");
	struct span usage = extract(d->command_c, "usage_text[] =", ";");
	const char *prev = sec.s;
	size_t i, found = 0, bad = 0;

	assert_non_null(sec.s);
	assert_non_null(usage.s);
	for (i = 0; i + 2 < usage.len; i++) {
		char want[160], name[64], arg[64];
		size_t n = 0, a = 0, j;
		const char *at;

		if (usage.s[i] != '-' || usage.s[i + 1] != '-' ||
		    (i > 0 && usage.s[i - 1] != '[' && usage.s[i - 1] != ' '))
			continue;
		for (j = i + 2; j < usage.len &&
		    ident_char((unsigned char)usage.s[j]) &&
		    n + 1 < sizeof(name); j++)
			name[n++] = usage.s[j];
		name[n] = '\0';
		/* an upper-case argument word such as DIR follows */
		if (j + 1 < usage.len && usage.s[j] == ' ' &&
		    isupper((unsigned char)usage.s[j + 1]))
			for (j++; j < usage.len &&
			    isupper((unsigned char)usage.s[j]) &&
			    a + 1 < sizeof(arg); j++)
				arg[a++] = usage.s[j];
		arg[a] = '\0';
		if (a > 0)
			snprintf(want, sizeof(want), "Fl -%s Ar %s", name, arg);
		else
			snprintf(want, sizeof(want), "Fl -%s", name);
		found++;
		at = find_token(sec, want);
		if (at == NULL) {
			print_error("SYNOPSIS lacks \"%s\"\n", want);
			bad++;
		} else if (at < prev) {
			print_error("SYNOPSIS: \"%s\" is out of order\n", want);
			bad++;
		} else
			prev = at;
		i = j - 1;
	}
	if (found < 3)
		fail_msg("found only %zu options in the usage text of %s",
		    found, COMMAND_C);
	if (strstr(usage.s, "[PATH ...]") != NULL &&
	    find_token(sec, "Op Ar PATH ...") == NULL) {
		print_error("SYNOPSIS lacks \"Op Ar PATH ...\"\n");
		bad++;
	}
	assert_int_equal(bad, 0);
}

/* test_man_commands - every command of the table is documented: a word
 * such as audit in SYNOPSIS as "Cm audit", an option form in OPTIONS */
static void
test_man_commands(void **state)
{
	const struct docs *d = *state;
	struct span syn = section(d->man, "SYNOPSIS");
	struct span opt = section(d->man, "OPTIONS");
	char want[96];
	size_t i, bad = 0;

	assert_non_null(syn.s);
	assert_non_null(opt.s);
	assert_true(ncommands > 0);
	for (i = 0; i < ncommands; i++) {
		const char *name = commands[i].name;

		assert_non_null(commands[i].fn);
		if (command_find(name) != &commands[i])
			fail_msg("command %s is in the table twice", name);
		if (name[0] != '-')
			snprintf(want, sizeof(want), "Cm %s", name);
		else if (name[1] == '-')
			snprintf(want, sizeof(want), "Fl -%s", name + 2);
		else
			snprintf(want, sizeof(want), "Fl %s", name + 1);
		if (find_token(name[0] == '-' ? opt : syn, want) == NULL) {
			print_error("%s does not document the command \"%s\"\n",
			    name[0] == '-' ? "OPTIONS" : "SYNOPSIS", want);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

/* test_man_formats - the reporter table is sorted, complete, and each
 * format is an ".It Cm NAME" of the --format entry, which has no other */
static void
test_man_formats(void **state)
{
	const struct docs *d = *state;
	struct span opt = section(d->man, "OPTIONS"), entry;
	const char *at, *next;
	char want[96];
	size_t i, bad = 0;

	assert_non_null(opt.s);
	at = find_line(opt, ".It Fl -format Ar FORMAT");
	assert_non_null(at);
	next = strstr(at + 1, "\n.It Fl ");
	entry.s = at;
	entry.len = next ? (size_t)(next - at) : (size_t)(opt.s + opt.len - at);
	assert_true(nreporters > 0);
	for (i = 0; i < nreporters; i++) {
		const struct reporter *r = &reporters[i];

		if (i > 0 && strcmp(reporters[i - 1].name, r->name) >= 0)
			fail_msg("reporters not sorted by name: %s before %s",
			    reporters[i - 1].name, r->name);
		if (reporter_find(r->name) != r)
			fail_msg("reporter_find(\"%s\") misses its row", r->name);
		if (r->fn == NULL || r->help == NULL || *r->help == '\0')
			fail_msg("reporter %s has no function or help", r->name);
		snprintf(want, sizeof(want), ".It Cm %s", r->name);
		if (find_line(entry, want) == NULL) {
			print_error("--format does not document \"%s\"\n",
			    want);
			bad++;
		}
	}
	assert_null(reporter_find("no-such-format"));
	if (count_lines(entry, ".It Cm ") != nreporters) {
		print_error("--format documents %zu formats, the table has "
		    "%zu\n", count_lines(entry, ".It Cm "), nreporters);
		bad++;
	}
	assert_int_equal(bad, 0);
}

/* documented - "PREFIX WORD" is a token of SP, else count a miss */
static void
documented(struct span sp, const char *prefix, const char *word,
    const char *what, size_t *bad)
{
	char want[128];

	snprintf(want, sizeof(want), "%s %s", prefix, word);
	if (find_token(sp, want) == NULL) {
		print_error("OUTPUT does not document %s \"%s\" (as \"%s\")\n",
		    what, word, want);
		(*bad)++;
	}
}

/* test_man_json - every member json.c writes is documented as "Va key",
 * every enumerated value as "Cm value" */
static void
test_man_json(void **state)
{
	const struct docs *d = *state;
	struct span sec = section(d->man, "OUTPUT");
	const char *p = d->json_c, *q;
	size_t keys = 0, lists = 0, bad = 0, i;
	int k;

	assert_non_null(sec.s);
	/* members: the key of each call jw_key(w, "key"), jw_kstr(&w,
	 * "key", ...) of the JSON writer */
	while ((p = strstr(p, "jw_k")) != NULL) {
		char key[64];
		size_t n = 0;

		for (q = p + 4; ident_char((unsigned char)*q); q++)
			;
		p = q;
		if (*q++ != '(')
			continue;
		if (*q == '&')
			q++;
		if (strncmp(q, "w, \"", 4) != 0)
			continue;
		for (q += 4; (islower((unsigned char)*q) || *q == '_') &&
		    n + 1 < sizeof(key); q++)
			key[n++] = *q;
		key[n] = '\0';
		if (n > 0 && *q == '"') {
			documented(sec, "Va", key, "JSON member", &bad);
			keys++;
		}
	}
	if (keys < 20)
		fail_msg("found only %zu JSON members in %s; has its layout "
		    "changed?", keys, JSON_C);
	/* summary members: one per severity, keyed by severity_name() */
	if (strstr(d->json_c, "w, severity_name(") != NULL)
		for (k = 0; k < SEV_COUNT; k++)
			documented(sec, "Va", severity_name((enum severity)k),
			    "summary member", &bad);
	else
		fail_msg("%s writes no summary member per severity", JSON_C);
	/* value tables of json.c: static const char *const x_names[] */
	p = d->json_c;
	while ((p = strstr(p, "static const char *const ")) != NULL) {
		struct span body = extract(p, "= {", "};");

		p += 25;
		if (body.s == NULL)
			break;
		lists++;
		for (i = 0; i < body.len; i++) {
			char val[64];
			size_t n = 0;

			if (body.s[i] != '"')
				continue;
			for (i++; i < body.len && body.s[i] != '"' &&
			    n + 1 < sizeof(val); i++)
				val[n++] = body.s[i];
			val[n] = '\0';
			documented(sec, "Cm", val, "JSON value", &bad);
		}
	}
	if (lists < 3)
		fail_msg("found only %zu value tables in %s", lists, JSON_C);
	/* values that come from the library's name functions */
	for (k = 0; k < CAT_COUNT; k++)
		documented(sec, "Cm", category_name((enum category)k),
		    "category", &bad);
	for (k = 0; k < SEV_COUNT; k++)
		documented(sec, "Cm", severity_name((enum severity)k),
		    "severity", &bad);
	for (k = 0; k < MTA_COUNT; k++)
		documented(sec, "Cm", mta_name((enum mta)k), "MTA", &bad);
	for (k = 0; k <= GRANT_UNKNOWN; k++)
		documented(sec, "Cm", grant_kind_name((enum grant_kind)k),
		    "grant kind", &bad);
	for (k = 0; k <= ORIGIN_NO_GATE; k++)
		documented(sec, "Cm", grant_origin_name((enum grant_origin)k),
		    "grant origin", &bad);
	assert_int_equal(bad, 0);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_registry_sorted),
		cmocka_unit_test(test_registry_rows),
		cmocka_unit_test(test_man_checks),
		cmocka_unit_test(test_man_options),
		cmocka_unit_test(test_man_no_stale_options),
		cmocka_unit_test(test_man_synopsis),
		cmocka_unit_test(test_man_commands),
		cmocka_unit_test(test_man_formats),
		cmocka_unit_test(test_man_json),
	};

	argv0 = argc > 0 ? argv[0] : NULL;
	return cmocka_run_group_tests(tests, docs_setup, docs_teardown);
}
