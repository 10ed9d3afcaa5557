/*-------------------------------------------------------------------------
 *
 * fold.c
 *	  Folding of place names to lower-case ASCII keys.
 *
 *-------------------------------------------------------------------------
 */
#include "fold.h"

#include <stdint.h>

/*
 * decode_utf8 --- code point of the character at input, or -1 if the bytes
 * are not well-formed UTF-8; *used gets the number of bytes read
 */
static int32_t
decode_utf8(const unsigned char *input, size_t length, size_t *used)
{
	unsigned char first = input[0];
	int32_t		code_point;
	size_t		needed;
	size_t		i;

	if (first < 0x80)
	{
		*used = 1;
		return first;
	}
	if (first >= 0xC2 && first <= 0xDF)
	{
		needed = 2;
		code_point = first & 0x1F;
	}
	else if (first >= 0xE0 && first <= 0xEF)
	{
		needed = 3;
		code_point = first & 0x0F;
	}
	else if (first >= 0xF0 && first <= 0xF4)
	{
		needed = 4;
		code_point = first & 0x07;
	}
	else
		return -1;

	if (length < needed)
		return -1;
	for (i = 1; i < needed; i++)
	{
		if ((input[i] & 0xC0) != 0x80)
			return -1;
		code_point = (code_point << 6) | (input[i] & 0x3F);
	}
	/* Reject overlong forms and surrogates */
	if ((needed == 3 && code_point < 0x800) ||
		(needed == 4 && (code_point < 0x10000 || code_point > 0x10FFFF)) ||
		(code_point >= 0xD800 && code_point <= 0xDFFF))
		return -1;

	*used = needed;
	return code_point;
}

/*
 * fold_code_point --- the ASCII character a code point folds to; ' ' for a
 * separator, 0 to drop it (combining marks), -1 if it cannot be folded
 */
static int
fold_code_point(int32_t code_point)
{
	if (code_point >= 'A' && code_point <= 'Z')
		return code_point - 'A' + 'a';
	if ((code_point >= 'a' && code_point <= 'z') ||
		(code_point >= '0' && code_point <= '9'))
		return code_point;
	if (code_point == ' ' || code_point == '-' || code_point == '.' ||
		code_point == '\t' || code_point == 0xA0)
		return ' ';
	if (code_point == '(' || code_point == ')' || code_point == ',' ||
		code_point == '\'' || code_point == ';' || code_point == '/')
		return code_point;
	if (code_point >= 0x0300 && code_point <= 0x036F)
		return 0;
	if (code_point >= 0x00C0 && code_point <= 0x024F &&
		civid_fold_range0[code_point - 0x00C0] != 0)
		return civid_fold_range0[code_point - 0x00C0];
	if (code_point >= 0x1E00 && code_point <= 0x1EFF &&
		civid_fold_range1[code_point - 0x1E00] != 0)
		return civid_fold_range1[code_point - 0x1E00];
	return -1;
}

bool
civid_fold_name(const char *input, size_t length, char *output,
				size_t capacity)
{
	const unsigned char *bytes = (const unsigned char *) input;
	size_t		position = 0;
	size_t		written = 0;
	bool		pending_space = false;

	if (capacity == 0)
		return false;

	while (position < length)
	{
		size_t		used;
		int32_t		code_point = decode_utf8(bytes + position,
											 length - position, &used);
		int			folded;

		if (code_point < 0)
			return false;
		position += used;

		folded = fold_code_point(code_point);
		if (folded < 0)
			return false;
		if (folded == 0)
			continue;
		if (folded == ' ')
		{
			pending_space = (written > 0);
			continue;
		}

		/* One byte for a pending space, one for this letter, one for NUL */
		if (written + (pending_space ? 3 : 2) > capacity)
			return false;
		if (pending_space)
			output[written++] = ' ';
		pending_space = false;
		output[written++] = (char) folded;
	}

	output[written] = '\0';
	return true;
}
