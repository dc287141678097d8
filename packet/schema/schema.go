package schema

import (
	"cmp"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"

	"github.com/cbccvc/cbccvc-go/internal/clip"
)

// FS holds the schema files, embedded with go:embed, as published in the
// repository: the JSON Schemas (*.schema.json) and the XSD (goitin.xsd) of
// the latest format version at the root, and those of each older version
// in a directory of its own (v1). The files of the current version keep
// the paths they have always had; a new version moves them to v<major>.
//
//go:embed *.schema.json goitin.xsd v1/*.schema.json v1/goitin.xsd
var FS embed.FS

// Names of the files in a version's directory of FS (see Dir). The JSON Schemas are
// named after the element they describe: the envelope (GoiTin) and one
// schema per record kind.
const (
	Envelope         = "goitin.schema.json"        // GoiTin: the envelope, with the header ThongTinGoiTin
	Packet           = "goitin-day-du.schema.json" // GoiTin whole: the envelope, and each record by the schema of its kind
	Common           = "common.schema.json"        // shared definitions: dates, UUID, decimal2, DiaChi …
	Profile          = "hoso.schema.json"          // HoSo: a profile
	Change           = "biendong.schema.json"      // BienDong: a change event
	MatchResult      = "ketquadoikhop.schema.json" // KetQuaDoiKhop: a matching result
	ProcessingResult = "ketquaxuly.schema.json"    // KetQuaXuLy: a processing result
	XSD              = "goitin.xsd"                // the XML form of a whole packet
)

// Latest is the major format version whose schemas [Compile] compiles: the
// version packages write by default (PhienBan 2.0, Decree 27/2026/NĐ-CP).
const Latest = 2

// IDPrefix is the start of the $id of every JSON Schema of the latest
// version; the rest is the file name without ".schema.json"
// (urn:vn:gov:bnv:cbccvc:schema:2:hoso). [IDPrefixOf] gives it for any
// version.
const IDPrefix = "urn:vn:gov:bnv:cbccvc:schema:2:"

// IDPrefixOf returns the start of the $id of the JSON Schemas of a major
// format version: urn:vn:gov:bnv:cbccvc:schema:1: for 1.
func IDPrefixOf(major int) string {
	return "urn:vn:gov:bnv:cbccvc:schema:" + strconv.Itoa(major) + ":"
}

// Dir returns the directory of FS that holds the schemas of a major format
// version: "." for [Latest], "v1" for 1; or an error wrapping
// [fs.ErrNotExist] when FS has none for it.
func Dir(major int) (string, error) {
	dir := "v" + strconv.Itoa(major)
	if major == Latest {
		dir = "."
	}
	if _, err := fs.Stat(FS, path.Join(dir, Envelope)); err != nil {
		return "", fmt.Errorf("schema: no schemas for format version %d: %w", major, fs.ErrNotExist)
	}
	return dir, nil
}

// Versions returns the major format versions that FS has schemas for, in
// increasing order.
func Versions() []int {
	entries, _ := fs.ReadDir(FS, ".")
	out := []int{Latest}
	for _, e := range entries {
		if n, err := strconv.Atoi(strings.TrimPrefix(e.Name(), "v")); err == nil && e.IsDir() {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out
}

// headerRef is the location of the header definition in the envelope schema.
const headerRef = "#/$defs/ThongTinGoiTin"

// Schemas is the set of compiled JSON Schemas of one format version.
// Compile it once and share it: its schemas are safe for concurrent use by
// multiple goroutines.
//
// Validate instances decoded with [jsonschema.UnmarshalJSON], which keeps
// numbers as [encoding/json.Number], so that they are checked exactly and
// not in binary floating point (the schemas say nothing that binary
// floating point would judge otherwise for a number a double holds: see
// the package documentation).
type Schemas struct {
	// Version is the major format version of the schemas (PhienBan 2.x: 2).
	Version int

	// Envelope checks a whole packet (GoiTin): the header, that DuLieu is
	// an array, that ChuKySo is an object. It does not look into the
	// records: check each one with Record, as a streaming validator does.
	Envelope *jsonschema.Schema

	// Packet checks a whole packet held in memory: what Envelope checks,
	// and every record of DuLieu with the schema of the kind LoaiGoiTin
	// names (none for an unknown kind, rule R-HDR-001; in format 1.0 a
	// CHIASE_HOSO profile must carry MaDinhDanhCBCCVC too). Its violations
	// are at pointers into the packet (/DuLieu/3/NgaySinh).
	Packet *jsonschema.Schema

	// Header checks the header (ThongTinGoiTin) alone, as a streaming
	// validator meets it; the instance locations of its violations are
	// relative to the header, not to the packet.
	Header *jsonschema.Schema

	Profile          *jsonschema.Schema // HoSo records, in HOSO and CHIASE_HOSO packets
	Change           *jsonschema.Schema // BienDong records, in BIENDONG packets
	MatchResult      *jsonschema.Schema // KetQuaDoiKhop records, in DOIKHOP packets
	ProcessingResult *jsonschema.Schema // KetQuaXuLy records, in PHANHOI packets
}

// Compile compiles the schemas of the latest format version ([Latest]);
// see [CompileVersion].
func Compile() (*Schemas, error) { return CompileVersion(Latest) }

// CompileVersion compiles the JSON Schemas (draft 2020-12) of a major
// format version with [github.com/santhosh-tekuri/jsonschema/v6]. Only the
// embedded files can be referenced: it loads nothing from the file system
// or the network.
func CompileVersion(major int) (*Schemas, error) {
	dir, err := Dir(major)
	if err != nil {
		return nil, err
	}
	sub, err := fs.Sub(FS, dir)
	if err != nil {
		return nil, err
	}
	return CompileFS(sub, major)
}

// CompileFS compiles the JSON Schemas of a major format version from the
// root of fsys, where they have the names of the embedded files (Envelope,
// Common, Profile …): replacement schemas, such as a revision published
// after this package, for packet.WithSchemas. Like [CompileVersion], it
// loads nothing but those files.
func CompileFS(fsys fs.FS, major int) (*Schemas, error) {
	dir := "."
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.UseLoader(embeddedOnly{})
	ids := make(map[string]string)
	for _, name := range []string{Common, Envelope, Profile, Change, MatchResult, ProcessingResult, Packet} {
		id, err := addResource(c, fsys, path.Join(dir, name))
		if err != nil {
			return nil, err
		}
		ids[name] = id
	}
	s := &Schemas{Version: major}
	for _, t := range []struct {
		dst  **jsonschema.Schema
		name string
		ref  string
	}{
		{&s.Envelope, Envelope, ""},
		{&s.Packet, Packet, ""},
		{&s.Header, Envelope, headerRef},
		{&s.Profile, Profile, ""},
		{&s.Change, Change, ""},
		{&s.MatchResult, MatchResult, ""},
		{&s.ProcessingResult, ProcessingResult, ""},
	} {
		sch, err := c.Compile(ids[t.name] + t.ref)
		if err != nil {
			return nil, fmt.Errorf("schema: compiling %s%s: %w", path.Join(dir, t.name), t.ref, err)
		}
		*t.dst = sch
	}
	return s, nil
}

// addResource adds the file name of fsys to c under its $id, and returns the
// $id.
func addResource(c *jsonschema.Compiler, fsys fs.FS, name string) (string, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return "", fmt.Errorf("schema: %w", err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		return "", fmt.Errorf("schema: decoding %s: %w", name, err)
	}
	obj, _ := doc.(map[string]any)
	id, _ := obj["$id"].(string)
	if id == "" {
		return "", fmt.Errorf("schema: %s has no $id", name)
	}
	if err := c.AddResource(id, doc); err != nil {
		return "", fmt.Errorf("schema: adding %s: %w", name, err)
	}
	return id, nil
}

// embeddedOnly is the compiler's loader: it refuses every URL, so that only
// the resources added from FS (and the draft meta-schemas built into the
// jsonschema package) can be referenced.
type embeddedOnly struct{}

func (embeddedOnly) Load(u string) (any, error) {
	return nil, fmt.Errorf("schema: %s is not one of the embedded schemas: %w", u, fs.ErrNotExist)
}

// Record returns the schema of the records of a packet of kind loaiGoiTin
// (the header's LoaiGoiTin): Profile for HOSO and CHIASE_HOSO, Change for
// BIENDONG, MatchResult for DOIKHOP, ProcessingResult for PHANHOI; nil for
// an unknown kind (rule R-HDR-001).
func (s *Schemas) Record(loaiGoiTin string) *jsonschema.Schema {
	switch loaiGoiTin {
	case "HOSO", "CHIASE_HOSO":
		return s.Profile
	case "BIENDONG":
		return s.Change
	case "DOIKHOP":
		return s.MatchResult
	case "PHANHOI":
		return s.ProcessingResult
	}
	return nil
}

// A Violation is one failed schema assertion: a leaf of a
// [jsonschema.ValidationError]. It is what rule R-SCH-001 reports.
type Violation struct {
	// Pointer is the JSON Pointer (RFC 6901) to the offending value,
	// relative to the validated instance, e.g. /Ngach/BacLuong; "" is the
	// instance itself. For a missing member (keyword required) or a
	// member not allowed (additionalProperties) it names that member:
	// /TuyenDung/HinhThuc.
	Pointer string

	// Keyword is the failing keyword: required, type, pattern, maxLength,
	// exclusiveMinimum, additionalProperties, enum, minItems …
	Keyword string

	// SchemaLocation is the absolute keyword location: the URL of the
	// keyword in the schema that failed, after following $ref, e.g.
	// urn:vn:gov:bnv:cbccvc:schema:1:hoso#/$defs/Ngach/properties/BacLuong/type.
	SchemaLocation string

	// Message says what is wrong, in English, as the jsonschema package
	// writes it: for a developer, not for the person who fixes the record.
	Message string

	// Kind is the failure with its values (what was found, what the
	// keyword wants: *kind.Pattern, *kind.MinLength …), for a caller that
	// writes its own messages, as package packet does in both languages.
	Kind jsonschema.ErrorKind
}

// String returns the violation as one line: pointer, keyword and message.
func (v Violation) String() string {
	return fmt.Sprintf("at %q: %s: %s", v.Pointer, v.Keyword, v.Message)
}

// Violations returns the leaf violations of err, a
// [*jsonschema.ValidationError] or an error wrapping one, or nil if err is
// not one. A required or additionalProperties failure naming several
// members gives one violation per member.
//
// The order is deterministic: by instance location, segment by segment,
// array indexes compared as numbers and member names as strings (so
// /QuaTrinhLuong/2 comes before /QuaTrinhLuong/10, and a value before the
// values inside it), then by keyword, schema location and message. This is
// not document order: a decoded JSON object does not remember the order
// of its members.
func Violations(err error) []Violation {
	var verr *jsonschema.ValidationError
	if !errors.As(err, &verr) {
		return nil
	}
	var leaves []leaf
	var walk func(*jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) > 0 {
			for _, c := range e.Causes {
				walk(c)
			}
			return
		}
		leaves = appendLeaves(leaves, e)
	}
	walk(verr)
	slices.SortStableFunc(leaves, compareLeaves)
	out := make([]Violation, len(leaves))
	for i, l := range leaves {
		out[i] = l.v
	}
	return out
}

// leaf is a violation with its instance location as segments, for sorting.
type leaf struct {
	loc []string
	v   Violation
}

func appendLeaves(leaves []leaf, e *jsonschema.ValidationError) []leaf {
	var keyword string
	schemaLoc := absoluteKeywordLocation(e)
	if kp := e.ErrorKind.KeywordPath(); len(kp) > 0 {
		keyword = kp[0]
	} else {
		switch e.ErrorKind.(type) {
		case *kind.FalseSchema:
			keyword = "false"
		case *kind.Not:
			// The jsonschema package gives not no keyword path.
			keyword = "not"
			schemaLoc += "/not"
		}
	}
	return addLeaves(leaves, e.InstanceLocation, keyword, schemaLoc, e.ErrorKind)
}

// addLeaves appends the violations of one failed keyword at the instance
// location loc: one per member for required and additionalProperties.
func addLeaves(leaves []leaf, loc []string, keyword, schemaLoc string, k jsonschema.ErrorKind) []leaf {
	add := func(member string, k jsonschema.ErrorKind) {
		loc := loc
		if member != "" {
			loc = append(slices.Clip(loc), member)
		}
		leaves = append(leaves, leaf{loc: loc, v: Violation{
			Pointer:        pointer(loc),
			Keyword:        keyword,
			SchemaLocation: schemaLoc,
			Message:        englishMessage(clipped(k)),
			Kind:           clipped(k),
		}})
	}
	switch k := k.(type) {
	case *kind.Required:
		for _, m := range k.Missing {
			add(m, &kind.Required{Missing: []string{m}})
		}
	case *kind.AdditionalProperties:
		for _, m := range k.Properties {
			add(m, &kind.AdditionalProperties{Properties: []string{m}})
		}
	default:
		add("", k)
	}
	return leaves
}

// clipped returns k with the parts of the instance it quotes cut to a
// short prefix: a message names a value, it does not copy it.
func clipped(k jsonschema.ErrorKind) jsonschema.ErrorKind {
	switch k := k.(type) {
	case *kind.Pattern:
		return &kind.Pattern{Got: clip.String(k.Got), Want: k.Want}
	case *kind.Format:
		if s, ok := k.Got.(string); ok {
			return &kind.Format{Got: clip.String(s), Want: k.Want, Err: k.Err}
		}
	case *kind.AdditionalProperties:
		ps := make([]string, len(k.Properties))
		for i, p := range k.Properties {
			ps[i] = clip.String(p)
		}
		return &kind.AdditionalProperties{Properties: ps}
	case *kind.PropertyNames:
		return &kind.PropertyNames{Property: clip.String(k.Property)}
	}
	return k
}

// englishMessage returns the message of k in English, as the jsonschema
// package writes it in its output formats.
func englishMessage(k jsonschema.ErrorKind) string {
	return (&jsonschema.ValidationError{ErrorKind: k}).BasicOutput().Error.String()
}

// absoluteKeywordLocation returns the URL of the failing keyword, as the
// jsonschema package writes it in its output formats.
func absoluteKeywordLocation(e *jsonschema.ValidationError) string {
	var sb strings.Builder
	sb.WriteString(e.SchemaURL)
	for _, tok := range e.ErrorKind.KeywordPath() {
		sb.WriteByte('/')
		sb.WriteString(url.PathEscape(escapeToken(tok)))
	}
	return sb.String()
}

// pointer returns the JSON Pointer (RFC 6901) of the location loc.
func pointer(loc []string) string {
	var sb strings.Builder
	for _, tok := range loc {
		sb.WriteByte('/')
		sb.WriteString(escapeToken(tok))
	}
	return sb.String()
}

// escapeToken escapes a member name for a JSON Pointer (RFC 6901 §3).
func escapeToken(tok string) string {
	if !strings.ContainsAny(tok, "~/") {
		return tok
	}
	return strings.ReplaceAll(strings.ReplaceAll(tok, "~", "~0"), "/", "~1")
}

func compareLeaves(a, b leaf) int {
	for i := range min(len(a.loc), len(b.loc)) {
		if c := compareSegments(a.loc[i], b.loc[i]); c != 0 {
			return c
		}
	}
	return cmp.Or(
		cmp.Compare(len(a.loc), len(b.loc)),
		strings.Compare(a.v.Keyword, b.v.Keyword),
		strings.Compare(a.v.SchemaLocation, b.v.SchemaLocation),
		strings.Compare(a.v.Message, b.v.Message),
	)
}

// compareSegments compares two segments of instance locations: array
// indexes by number, anything else as strings.
func compareSegments(a, b string) int {
	if i, ok := arrayIndex(a); ok {
		if j, ok := arrayIndex(b); ok {
			return cmp.Compare(i, j)
		}
	}
	return strings.Compare(a, b)
}

func arrayIndex(s string) (int, bool) {
	if s == "" || strings.TrimLeft(s, "0123456789") != "" {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}
