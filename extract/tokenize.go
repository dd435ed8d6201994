package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Token is one word of a text as the extractor and the index see it.
// Start and End are Unicode code points into the tokenized text, end-exclusive.
type Token struct {
	Text  string // as written
	Norm  string // matching key: lower-cased, folded and stemmed
	Start int
	End   int
}

// Tokenize splits English text into tokens, keeping tech tokens whole (C++,
// C#, .NET, Node.js, CI/CD, TCP/IP, A/B, R&D, k8s, S3) and dropping
// punctuation. It is the tokenizer of the extractor, exported for the
// index's analyzer so that search and extraction agree.
func Tokenize(text string) []Token { return NormalizerFor("en").Tokenize(text) }

// Tokenize is Tokenize with n's language.
func (n *Normalizer) Tokenize(text string) []Token {
	atoms := scanAtoms(text, nil)
	out := make([]Token, 0, len(atoms)/2+1)
	for i := 0; i < len(atoms); i++ {
		a := atoms[i]
		if a.kind != akWord {
			continue
		}
		// Merge word (joiner word)* when every piece is glued: CI/CD, Node.js, R&D.
		j := i
		for j+2 < len(atoms) && atoms[j+1].kind == akPunct && atoms[j+1].flags&fGlued != 0 &&
			isJoiner(text[atoms[j+1].bs:atoms[j+1].be]) && atoms[j+2].kind == akWord && atoms[j+2].flags&fGlued != 0 {
			j += 2
		}
		surface := text[a.bs:atoms[j].be]
		var key string
		if j == i {
			key = n.Norm(surface)
		} else {
			key = lowerFold(surface)
		}
		out = append(out, Token{Text: surface, Norm: key, Start: int(a.start), End: int(atoms[j].end)})
		i = j
	}
	return out
}

func isJoiner(p string) bool { return p == "/" || p == "." || p == "&" }

type atomKind uint8

const (
	akWord atomKind = iota
	akPunct
)

// atom flags
const (
	fGlued  uint8 = 1 << iota // no white space between this atom and the previous one
	fHyphen                   // joined to the previous word by a hyphen
	fLine                     // first atom of a line
	fPara                     // first atom after a blank line
)

// atom is a word or a punctuation mark of the extracted text; the matcher
// works on atoms (Tokenize merges glued ones into tech tokens).
type atom struct {
	start, end int32 // code points into the text
	bs, be     int32 // bytes into the text
	kind       atomKind
	flags      uint8
	id         uint32 // matcher vocabulary ID, 0 when unknown
	single     int32  // matcher one-word forms written so, or -1
	cues       uint32 // cue bits (context.go)
	first      uint32 // trie node after this word (matcher), 0 if no multi-word form starts with it
}

// asciiWordByte[c] reports whether byte c is an ASCII word rune (isWordRune);
// false for every byte of a multi-byte rune.
var asciiWordByte = func() (t [256]bool) {
	for c := range t {
		t[c] = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
	}
	return t
}()

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r)
}

func isHyphen(r rune) bool {
	return r == '-' || (r >= '\u2010' && r <= '\u2013') || r == '\u2212'
}

func isApostrophe(r rune) bool { return r == '\'' || r == '\u2019' || r == '\u02bc' }

func isDigitByte(c byte) bool { return '0' <= c && c <= '9' }

// scanAtoms splits text into atoms, appending to buf.
func scanAtoms(text string, buf []atom) []atom {
	atoms := buf[:0]
	i, ri := 0, 0
	space := true // white space (or start) before the next atom
	hyphen := false
	newlines := 1                     // the first atom starts a line
	next := func(k int) (rune, int) { // rune at byte k
		if k >= len(text) {
			return -1, 0
		}
		c := text[k]
		if c < utf8.RuneSelf {
			return rune(c), 1
		}
		return utf8.DecodeRuneInString(text[k:])
	}
	// flags returns the flags of the atom about to be emitted; the caller
	// then resets space, hyphen and newlines
	flags := func() uint8 {
		var f uint8
		if !space {
			f |= fGlued
		}
		if hyphen {
			f |= fHyphen
		}
		if newlines > 0 {
			f |= fLine
			if newlines > 1 {
				f |= fPara
			}
		}
		return f
	}
	for i < len(text) {
		if text[i] == ' ' {
			space, hyphen = true, false // the common case of the white-space branch below
			i++
			ri++
			continue
		}
		r, size := next(i)
		switch {
		case isWordRune(r) || (r == '.' && space && wordAt(text, i+1)):
			bs, rs := i, ri
			i += size
			ri++
			for i < len(text) {
				// the common case, without decoding: a run of ASCII word bytes
				j := i
				for j < len(text) && asciiWordByte[text[j]] {
					j++
				}
				ri += j - i
				i = j
				if i >= len(text) {
					break
				}
				r2, s2 := next(i)
				if isWordRune(r2) {
					i += s2
					ri++
					continue
				}
				// inner apostrophe (don't, employee's) and decimal point (3.5)
				if (isApostrophe(r2) && letterAt(text, i+s2) && letterBefore(text, i)) ||
					(r2 == '.' && i > 0 && isDigitByte(text[i-1]) && i+1 < len(text) && isDigitByte(text[i+1])) {
					i += s2
					ri++
					continue
				}
				break
			}
			// C++, Notepad++, C#, F#: suffixes glued to a word that no word follows
			if i < len(text) && (text[i] == '+' || text[i] == '#') && isASCIILetter(text[i-1]) {
				j := i
				for j < len(text) && text[j] == '+' && j-i < 2 {
					j++
				}
				if j == i && text[i] == '#' {
					j++
				}
				if !wordAt(text, j) {
					ri += j - i
					i = j
				}
			}
			atoms = append(atoms, atom{start: int32(rs), end: int32(ri), bs: int32(bs), be: int32(i), kind: akWord, flags: flags()})
			space, hyphen, newlines = false, false, 0
		case r == '\n':
			newlines++
			space = true
			hyphen = false
			i += size
			ri++
		case unicode.IsSpace(r) || r == '\u00a0' || r == '\ufeff' || r == '\u200b':
			space = true
			hyphen = false
			i += size
			ri++
		case isHyphen(r) && !space && len(atoms) > 0 && atoms[len(atoms)-1].kind == akWord && wordAt(text, i+size):
			hyphen = true
			i += size
			ri++
		default:
			atoms = append(atoms, atom{start: int32(ri), end: int32(ri + 1), bs: int32(i), be: int32(i + size), kind: akPunct, flags: flags()})
			space, hyphen, newlines = false, false, 0
			i += size
			ri++
		}
	}
	return atoms
}

// wordAt reports whether a word rune starts at byte k.
func wordAt(text string, k int) bool {
	if k >= len(text) {
		return false
	}
	if c := text[k]; c < utf8.RuneSelf {
		return isWordRune(rune(c))
	}
	r, _ := utf8.DecodeRuneInString(text[k:])
	return isWordRune(r)
}

func letterAt(text string, k int) bool {
	if k >= len(text) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(text[k:])
	return unicode.IsLetter(r)
}

func letterBefore(text string, k int) bool {
	if k <= 0 {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(text[:k])
	return unicode.IsLetter(r)
}

// atomText returns the lower-cased, folded text of an atom.
func atomLower(text string, a atom) string { return lowerFold(text[a.bs:a.be]) }

// joinAtoms returns the text of atoms as written with single spaces where
// there was white space.
func joinAtoms(text string, atoms []atom) string {
	var b strings.Builder
	for k, a := range atoms {
		if k > 0 && a.flags&fGlued == 0 {
			b.WriteByte(' ')
		}
		b.WriteString(text[a.bs:a.be])
	}
	return b.String()
}
