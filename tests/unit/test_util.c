/* SPDX-License-Identifier: MIT */
/*
 * test_util.c - unit tests for lib/util.c and lib/sha256.c: shortened
 * text for messages and evidence, and SHA-256.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/sha256.h"
#include "lib/util.h"

/* test_clip_short - text within the bound is copied whole, unmarked */
static void
test_clip_short(void **state)
{
	char *s;

	(void)state;
	s = str_clip("inet_interfaces", 15);
	assert_string_equal(s, "inet_interfaces");
	free(s);
	s = str_clip("", 0);
	assert_string_equal(s, "");
	free(s);
}

/* test_clip_cut - longer text keeps BOUND bytes and ends with the marker */
static void
test_clip_cut(void **state)
{
	char *s;

	(void)state;
	s = str_clip("inet_interfaces", 4);
	assert_string_equal(s, "inet" STR_CLIP_MARK);
	free(s);
	s = str_clip("ab", 0);
	assert_string_equal(s, STR_CLIP_MARK);
	free(s);
}

/* test_clip_span - only the N bytes of a span count, whatever follows */
static void
test_clip_span(void **state)
{
	const char *line = "smtp inet n - y - - smtpd\nsubmission inet";
	char *s;

	(void)state;
	s = str_clipn(line, 25, 40);
	assert_string_equal(s, "smtp inet n - y - - smtpd");
	free(s);
	s = str_clipn(line, 25, 9);
	assert_string_equal(s, "smtp inet" STR_CLIP_MARK);
	free(s);
}

/* test_clip_utf8 - a cut never splits a UTF-8 character */
static void
test_clip_utf8(void **state)
{
	/* "caf\xc3\xa9s": the bound 4 falls inside the two-byte e-acute */
	char *s;

	(void)state;
	s = str_clip("caf\xc3\xa9s", 4);
	assert_string_equal(s, "caf" STR_CLIP_MARK);
	free(s);
	s = str_clip("caf\xc3\xa9s", 5);
	assert_string_equal(s, "caf\xc3\xa9" STR_CLIP_MARK);
	free(s);
	/* a three-byte character: U+2026 */
	s = str_clip("a\xe2\x80\xa6", 3);
	assert_string_equal(s, "a" STR_CLIP_MARK);
	free(s);
}

/* test_sha256_vectors - the examples of FIPS 180-4 */
static void
test_sha256_vectors(void **state)
{
	char hex[SHA256_HEX];

	(void)state;
	sha256_hex("", 0, hex);
	assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb924"
	    "27ae41e4649b934ca495991b7852b855");
	sha256_hex("abc", 3, hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad");
	sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	    56, hex);
	assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039"
	    "a33ce45964ff2167f6ecedd419db06c1");
}

/* test_sha256_lengths - the padding edges (55, 56, 63, 64, 65 bytes) and
 * input fed in pieces, against Python's hashlib */
static void
test_sha256_lengths(void **state)
{
	static const struct {
		size_t		 n;
		const char	*hex;
	} rows[] = {
		{ 55, "e7313d333c272e639f790978283f9eb392e843d0f29b7016828bb1daa4aac70b" },
		{ 56, "4324d65f3c103567f5589c710bc08f8523f929a9272e3af36fc968e52abc6c27" },
		{ 63, "81c80242132f230c3bd41b3e63bbcff16107339549214a99614ff26664625055" },
		{ 64, "39e3d7b6b5d075d37d053ad89b24b41bef4f3c29760c84447cab3f3be1882241" },
		{ 65, "aacca6ff74fdbb296d165a45cecfa04e5127bc008770fbbdd48006f2d2fae95e" },
		{ 1000, "1e9bc38cbf860b9ec31918b065f9b52476c549a782e0e7990bed8ce3868d2371" },
	};
	uint8_t data[1000], d[SHA256_LEN];
	char hex[SHA256_HEX];
	struct sha256 s;
	size_t i, j;

	(void)state;
	for (i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)((i * 7 + 3) % 256);
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		sha256_hex(data, rows[i].n, hex);
		assert_string_equal(hex, rows[i].hex);
		/* the same bytes in pieces of 1, 2, 3 ... */
		sha256_init(&s);
		for (j = 0; j < rows[i].n; j += i + 1)
			sha256_update(&s, data + j, rows[i].n - j < i + 1 ?
			    rows[i].n - j : i + 1);
		sha256_final(&s, d);
		for (j = 0; j < SHA256_LEN; j++)
			snprintf(hex + 2 * j, 3, "%02x", d[j]);
		assert_string_equal(hex, rows[i].hex);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clip_short),
		cmocka_unit_test(test_clip_cut),
		cmocka_unit_test(test_clip_span),
		cmocka_unit_test(test_clip_utf8),
		cmocka_unit_test(test_sha256_vectors),
		cmocka_unit_test(test_sha256_lengths),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
