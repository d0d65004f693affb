package benchrun

import (
	"path/filepath"
	"strings"
	"unicode"

	"github.com/prkbench/prk/graph/gen"
	"github.com/prkbench/prk/internal/graphspec"
)

// studyLabels are the names the study gave its random graphs.
var studyLabels = map[string]string{
	"seed:100":  "XS",
	"seed:1000": "L",
	"seed:2000": "XL",
}

// compressionExts are stripped from a file's name before its format
// extension, so cnr-2000.txt.gz is labelled cnr-2000.
var compressionExts = []string{".gz", ".bz2", ".xz", ".zst", ".zstd", ".lz4", ".sz", ".z"}

// GraphLabel returns the short name results use for a graph spec: the
// study's names for its graphs (seed:100 is XS, seed:1000 is L, seed:2000
// is XL, in any spelling the generator reads as the same graph), other
// generator specs as given (kron:16), and for a file its base name without
// compression and format extensions (data/cnr-2000.txt.gz is cnr-2000).
// Generator specs are told from files as graphspec tells them. Characters a
// benchmark name cannot hold (white space, '/') become '_'.
func GraphLabel(spec string) string {
	s := strings.TrimSpace(spec)
	if graphspec.IsGenerator(s) {
		canonical := s
		if g, err := gen.Parse(s); err == nil {
			canonical = g.Spec()
		}
		if l, ok := studyLabels[canonical]; ok {
			return l
		}
		return sanitizeNamePart(s)
	}
	s = filepath.Base(s)
	for {
		ext := strings.ToLower(filepath.Ext(s))
		if len(ext) == len(s) || !isCompressionExt(ext) {
			break
		}
		s = s[:len(s)-len(ext)]
	}
	if ext := filepath.Ext(s); len(ext) < len(s) {
		s = s[:len(s)-len(ext)]
	}
	return sanitizeNamePart(s)
}

func isCompressionExt(ext string) bool {
	for _, e := range compressionExts {
		if ext == e {
			return true
		}
	}
	return false
}

// sanitizeNamePart replaces what would break a Go benchmark name part:
// white space ends the name and '/' starts a new part.
func sanitizeNamePart(s string) string {
	if s == "" {
		return "_"
	}
	return strings.Map(func(r rune) rune {
		if r == '/' || unicode.IsSpace(r) {
			return '_'
		}
		return r
	}, s)
}
