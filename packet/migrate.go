package packet

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/cbccvc/cbccvc-go/internal/clip"
	"github.com/cbccvc/cbccvc-go/internal/panics"
	"github.com/google/uuid"
)

// MigrateOption configures Migrate.
type MigrateOption func(*migrateConfig)

type migrateConfig struct {
	format Format
	limits Limits
	id     uuid.UUID
	keepID bool
}

// MigrateFormat writes the migrated packet in format f, FormatJSON or
// FormatXML; FormatAuto, the default, keeps the format of the input.
func MigrateFormat(f Format) MigrateOption { return func(c *migrateConfig) { c.format = f } }

// MigrateLimits sets the limits the input is read with (default
// DefaultLimits()); MaxFindings also bounds the dropped values the report
// lists.
func MigrateLimits(l Limits) MigrateOption { return func(c *migrateConfig) { c.limits = l } }

// MigratePacketID gives the migrated packet the MaGoiTin id instead of a
// new UUID v7 (uuid.Nil: a new one all the same).
func MigratePacketID(id uuid.UUID) MigrateOption { return func(c *migrateConfig) { c.id = id } }

// MigrateKeepPacketID keeps the input's MaGoiTin. Use it only for a packet
// that was never sent: NDXP answers a MaGoiTin it has seen with other
// content by a conflict (409).
func MigrateKeepPacketID() MigrateOption { return func(c *migrateConfig) { c.keepID = true } }

// MigrationReport says what Migrate did.
type MigrationReport struct {
	Format     Format    // the format written
	From, To   string    // the PhienBan read and written: "1.0", "2.0"
	OriginalID uuid.UUID // the MaGoiTin read
	ID         uuid.UUID // the MaGoiTin written
	Records    int       // records migrated
	// Dropped lists the values the packet read had and the version written
	// does not, in document order, at most Limits.MaxFindings of them;
	// Omitted counts the others.
	Dropped []DroppedValue
	Omitted int
	// Signed tells that the packet read carried a signature (ChuKySo, or
	// an enveloped ds:Signature). The packet written carries none: a
	// signature covers the bytes that were signed, and migration changes
	// them. Sign the migrated packet again before sending it.
	Signed bool

	byName map[string]int // dropped values by wire name, for Messages
}

// DroppedValue is a value Migrate left out because the format version it
// writes does not have it. Only members that version lacks are dropped,
// so the value is what such a member holds (the 14-character national
// profile ID of format 1.0), never a name or another personal datum.
type DroppedValue struct {
	Pointer string          // JSON Pointer in the packet read, e.g. /DuLieu/3/MaDinhDanhCBCCVC
	Name    string          // the member's wire name; for an item of an array (ThayDoi), the array's
	Value   json.RawMessage // the value, as JSON
}

// DroppedCount returns the number of values dropped, listed or not.
func (r *MigrationReport) DroppedCount() int { return len(r.Dropped) + r.Omitted }

// Messages says in Vietnamese and in English what was migrated, what was
// dropped, and, for a signed packet, that it must be signed again.
func (r *MigrationReport) Messages() (vi, en string) {
	vi = fmt.Sprintf("Đã chuyển gói tin (MaGoiTin %s) từ định dạng phiên bản %s sang phiên bản %s: %d bản ghi, mã gói tin mới (MaGoiTin) %s.",
		r.OriginalID, r.From, r.To, r.Records, r.ID)
	en = fmt.Sprintf("migrated packet %s from format %s to %s: %d records, new MaGoiTin %s.", r.OriginalID, r.From, r.To, r.Records, r.ID)
	if r.ID == r.OriginalID {
		vi = fmt.Sprintf("Đã chuyển gói tin (MaGoiTin %s, giữ nguyên) từ định dạng phiên bản %s sang phiên bản %s: %d bản ghi.", r.ID, r.From, r.To, r.Records)
		en = fmt.Sprintf("migrated packet %s (MaGoiTin kept) from format %s to %s: %d records.", r.ID, r.From, r.To, r.Records)
	}
	if n := r.DroppedCount(); n > 0 {
		var vis, ens []string
		for _, name := range sortedKeys(r.byName) {
			vis = append(vis, fmt.Sprintf("%s: %d", fieldWords(name, nil), r.byName[name]))
			ens = append(ens, fmt.Sprintf("%s: %d", name, r.byName[name]))
		}
		vi += fmt.Sprintf(" Đã bỏ %d giá trị không có ở định dạng phiên bản %s (%s).", n, r.To, strings.Join(vis, "; "))
		en += fmt.Sprintf(" Dropped %d values format %s does not have (%s).", n, r.To, strings.Join(ens, "; "))
	}
	if r.Signed {
		vi += " Gói tin gốc có chữ ký số; chữ ký số không còn giá trị với gói tin đã chuyển nên đã được bỏ. Đề nghị ký số lại gói tin trước khi gửi."
		en += " The packet read was signed; its signature does not cover the migrated packet and was removed: sign the packet again before sending it."
	}
	return vi, en
}

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// ErrCurrentVersion is Migrate's error for a packet already in the format
// version it writes: there is nothing to migrate, and nothing is written.
var ErrCurrentVersion = errors.New("packet: already in the current format version")

// ErrNotMigratable is Migrate's error for a packet that cannot be written
// in the current format version without losing or inventing a value: a
// value that does not bind into the model (Findings), or a change event
// that changes only members the current version does not have.
var ErrNotMigratable = errors.New("packet: cannot be migrated without losing a value")

// MigrationError is Migrate's refusal of a packet. Err is ErrVersion,
// ErrCurrentVersion, ErrNotMigratable, ErrHeaderNotFirst,
// ErrMissingHeader or ErrRecordCount; Findings, when the packet has values that do not bind
// or is malformed, are also reachable with errors.As.
type MigrationError struct {
	Err       error
	Pointer   string   // the value at fault, when there is one
	Findings  Findings // the findings of values that do not bind
	MessageVI string   // what is wrong and what to do, in Vietnamese
	MessageEN string
}

// Error returns the English message.
func (e *MigrationError) Error() string { return "packet: migrate: " + e.MessageEN }

// Unwrap returns the sentinel, and the findings when there are some.
func (e *MigrationError) Unwrap() []error {
	if len(e.Findings) > 0 {
		return []error{e.Err, e.Findings}
	}
	return []error{e.Err}
}

// Messages returns the Vietnamese and the English messages.
func (e *MigrationError) Messages() (vi, en string) { return e.MessageVI, e.MessageEN }

// Migrate reads a packet of a format version this package reads but no
// longer writes (1.0) from r, and writes it to w in the current one
// (Version, 2.0), one record at a time: memory does not grow with the
// packet. It changes only what the versions differ in: PhienBan, the XML
// namespace, and the members the current version does not have (the
// national profile ID MaDinhDanhCBCCVC of HoSo and KetQuaXuLy), which it
// drops and lists in the report with their values. It never makes up a
// value. An item of a change event (ThayDoi) or of a matching result
// (ChenhLech) whose TruongDuLieu names such a member is dropped and listed
// too; a record whose every item goes is refused, since dropping the
// record would change SoLuongBanGhi, already written.
//
// The header keeps ThoiGianTao, when the data was put together, and every
// other value but MaGoiTin: the migrated packet is a new packet, with a
// new UUID v7, because NDXP, for which MaGoiTin is the idempotency key,
// answers a packet with the MaGoiTin of one it has seen and other content
// by a conflict. MigrateKeepPacketID keeps it, for a packet never sent;
// MigratePacketID gives one. A signature is not carried over: it covers
// the bytes that were signed (the report says the packet was signed, and
// it must be signed again).
//
// Migrate refuses, with a *MigrationError, a packet of the current
// version (ErrCurrentVersion), of a version it does not read (ErrVersion),
// with a value that does not bind into the model or a well-formedness or
// schema error (ErrNotMigratable, with the Findings: the value would be
// lost, or a required one made up), or whose header follows its records
// when r is not an io.Seeker (ErrHeaderNotFirst: a signed JSON packet,
// whose canonical form puts DuLieu first, is read twice, its header
// first; give it as a file). A Validator reads the packet beside the
// migration for the schema; a packet that breaks a semantic rule breaks
// it after migration too. On an error, what was written to w is incomplete and
// must be discarded (write to a temporary file and rename it, as the
// command line does); nothing is written before the first record has been
// migrated.
func Migrate(ctx context.Context, w io.Writer, r io.Reader, opts ...MigrateOption) (rep *MigrationReport, err error) {
	switch {
	case ctx == nil:
		return nil, fmt.Errorf("packet: Migrate with a nil context: %w", ErrNil)
	case w == nil:
		return nil, fmt.Errorf("packet: Migrate to a nil io.Writer: %w", ErrNil)
	case r == nil:
		return nil, fmt.Errorf("packet: Migrate from a nil io.Reader: %w", ErrNil)
	}
	var cfg migrateConfig
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.format != FormatAuto && cfg.format != FormatJSON && cfg.format != FormatXML {
		return nil, fmt.Errorf("packet: Migrate: format %v is not json or xml", cfg.format)
	}
	defer panics.Recover(ErrPanic, &err)
	m := &migration{ctx: ctx, cfg: cfg, to: latest(), maxListed: cfg.limits.resolved().MaxFindings}
	return m.run(w, r)
}

// migration is the state of one Migrate call.
type migration struct {
	ctx       context.Context
	cfg       migrateConfig
	to        *formatVersion
	rep       *MigrationReport
	maxListed int // 0: no limit
}

// run migrates r to w. A packet whose header follows its records (a
// signed JSON packet: its canonical form sorts DuLieu first) cannot be
// written one record at a time before its header is known: when r can
// seek, its header is read first, in a pass of its own.
func (m *migration) run(w io.Writer, r io.Reader) (*MigrationReport, error) {
	s, seekable := r.(io.Seeker)
	var start int64
	if seekable {
		var err error
		if start, err = s.Seek(0, io.SeekCurrent); err != nil {
			seekable = false // a pipe
		}
	}
	rep, err := m.pass(w, r, nil)
	if !errors.Is(err, ErrHeaderNotFirst) || !seekable {
		return rep, err
	}
	if _, err := s.Seek(start, io.SeekStart); err != nil {
		return nil, fmt.Errorf("packet: migrate: %w", err)
	}
	d := NewDecoder(r, FormatAuto, m.cfg.limits)
	h, fs, err := d.readHeader()
	if err == nil && fs != nil {
		err = fs // a header value that does not parse would be lost
	}
	if err != nil {
		return nil, headerError(err)
	}
	if _, err := s.Seek(start, io.SeekStart); err != nil {
		return nil, fmt.Errorf("packet: migrate: %w", err)
	}
	return m.pass(w, r, &knownHeader{h, d.r.version()})
}

// knownHeader is a header read before the records.
type knownHeader struct {
	h  Header
	ns int // the version the XML namespace says; 0 for JSON
}

// pass migrates r to w while a Validator reads the same bytes: a value the
// schema requires that the packet lacks would be written as a zero value
// (an empty name, ThoiGianTao 0001-01-01), a value made up, so a packet
// with a well-formedness or schema error is refused. Both read one record
// at a time; the validator, on its own goroutine, is fed what the decoder
// reads.
func (m *migration) pass(w io.Writer, r io.Reader, known *knownHeader) (*MigrationReport, error) {
	if err := m.ctx.Err(); err != nil {
		return nil, err
	}
	v, err := NewValidator(WithLimits(m.cfg.limits))
	if err != nil {
		return nil, err
	}
	pr, pw := io.Pipe()
	type checked struct {
		rep *Report
		err error
	}
	done := make(chan checked, 1)
	go func() {
		rep, err := v.Validate(m.ctx, pr)
		io.Copy(io.Discard, pr) // the validator may stop early; the tee must not block
		done <- checked{rep, err}
	}()
	src := io.TeeReader(r, pw)
	rep, err := m.stream(w, src, known)
	if err == nil {
		_, err = io.Copy(io.Discard, src) // what the decoder left, for the validator
	}
	if err != nil {
		pw.CloseWithError(err)
		<-done
		return nil, err
	}
	pw.Close()
	c := <-done
	if c.err != nil {
		return nil, c.err
	}
	if fs := m.structural(c.rep.Findings); len(fs) > 0 {
		return nil, recordError(fs)
	}
	return rep, nil
}

// structural returns the errors of the well-formedness and schema layers
// among fs, but for those on a member the version written does not have,
// which is dropped: a 1.0 CHIASE_HOSO profile without MaDinhDanhCBCCVC.
func (m *migration) structural(fs []Finding) Findings {
	var out Findings
	for _, f := range fs {
		r, ok := LookupRule(f.Rule)
		if !ok || f.Severity != SeverityError || (r.Layer != LayerFormat && r.Layer != LayerSchema) {
			continue
		}
		if vf := versionedField(f.Pointer); vf != nil && !vf.in(m.to.major) {
			continue
		}
		out = append(out, f)
	}
	return out
}

// stream migrates the packet record by record, its header read first
// unless known.
func (m *migration) stream(w io.Writer, r io.Reader, known *knownHeader) (*MigrationReport, error) {
	d := NewDecoder(r, FormatAuto, m.cfg.limits)
	if known == nil {
		h, err := d.Header()
		if fs := d.Findings(); err == nil && fs != nil {
			err = fs // a header value that does not parse would be lost
		}
		if err != nil {
			return nil, headerError(err)
		}
		known = &knownHeader{h, d.r.version()}
	} else if err := d.init(); err != nil {
		return nil, recordError(err)
	}
	h := known.h
	if err := m.sourceVersion(known.ns, &h); err != nil {
		return nil, err
	}
	m.rep = &MigrationReport{Format: d.Format(), From: h.Version, To: m.to.name, OriginalID: h.ID, byName: map[string]int{}}
	if m.cfg.format != FormatAuto {
		m.rep.Format = m.cfg.format
	}
	out, err := m.header(h)
	if err != nil {
		return nil, err
	}
	enc := NewEncoder(w, m.rep.Format, out)
	for rec, err := range d.Records() {
		if m.rep.Records%64 == 0 {
			if err := m.ctx.Err(); err != nil {
				return nil, err
			}
		}
		if err != nil {
			return nil, recordError(err)
		}
		if fs := d.Findings(); fs != nil {
			return nil, recordError(fs)
		}
		if rec.RecordName() != out.Kind.RecordName() {
			return nil, recordError(Findings{kindMismatch(m.rep.Records, rec.RecordName(), out.Kind)})
		}
		if err := m.record(rec, m.rep.Records); err != nil {
			return nil, err
		}
		if err := enc.Encode(rec); err != nil {
			return nil, fmt.Errorf("packet: migrate: %w", err)
		}
		m.rep.Records++
	}
	if fs := d.Findings(); fs != nil {
		return nil, recordError(fs)
	}
	m.rep.Signed = d.Signature() != nil
	if err := enc.Close(nil); errors.Is(err, ErrRecordCount) {
		return nil, &MigrationError{Err: ErrRecordCount, Pointer: ptrRecordCount,
			MessageVI: fmt.Sprintf("Số lượng bản ghi (SoLuongBanGhi) %d khác số bản ghi của gói tin (%d): gói tin chuyển xong sẽ sai như gói tin gốc. Đề nghị sửa số lượng bản ghi rồi chuyển lại.", out.RecordCount, m.rep.Records),
			MessageEN: err.Error()}
	} else if err != nil {
		return nil, fmt.Errorf("packet: migrate: %w", err)
	}
	return m.rep, nil
}

// sourceVersion returns the version of the packet read, refusing one
// Migrate cannot or need not migrate.
func (m *migration) sourceVersion(ns int, h *Header) error {
	v, err := headerVersion(h)
	if err != nil {
		return &MigrationError{Err: ErrVersion, Pointer: ptrVersion,
			MessageVI: fmt.Sprintf("Phiên bản định dạng (PhienBan) %q không phải phiên bản mà bộ công cụ đọc được (%s): không chuyển được gói tin. Đề nghị kiểm tra lại phiên bản của gói tin.",
				clip.String(h.Version), strings.Join(SupportedVersions(), ", ")),
			MessageEN: err.Error()}
	}
	if ns != 0 && ns != v.major {
		return &MigrationError{Err: ErrVersion, Pointer: ptrVersion,
			MessageVI: fmt.Sprintf("Phiên bản định dạng (PhienBan) %q khác phiên bản mà không gian tên của gói tin XML chỉ ra (%d.0): không chuyển được gói tin. Đề nghị sửa phiên bản cho khớp rồi chuyển lại.",
				clip.String(h.Version), ns),
			MessageEN: fmt.Sprintf("%v: PhienBan %q in the XML namespace of format %d.0", ErrVersion, clip.String(h.Version), ns)}
	}
	if v.major >= latest().major {
		return &MigrationError{Err: ErrCurrentVersion,
			MessageVI: fmt.Sprintf("Gói tin đã ở định dạng phiên bản %s (PhienBan %q): không có gì để chuyển. Đề nghị dùng gói tin như hiện có.", latest().name, clip.String(h.Version)),
			MessageEN: fmt.Sprintf("PhienBan %q is format %s already: nothing to migrate", clip.String(h.Version), latest().name)}
	}
	return nil
}

// header returns the header to write: the current version, the packet ID
// chosen, the members the current version lacks dropped.
func (m *migration) header(h Header) (Header, error) {
	h.Version = m.to.name
	switch {
	case m.cfg.keepID:
	case m.cfg.id != uuid.Nil:
		h.ID = m.cfg.id
	default:
		id, err := uuid.NewV7()
		if err != nil {
			return h, fmt.Errorf("packet: migrate: a new MaGoiTin: %w", err)
		}
		h.ID = id
	}
	m.rep.ID = h.ID
	m.dropMembers(reflect.ValueOf(&h).Elem(), headerInfo(), ptrHeader)
	return h, nil
}

// record migrates the record at index in place.
func (m *migration) record(rec Record, index int) error {
	if rec == nil {
		return nil
	}
	at := RecordPointer(index, "")
	v := reflect.ValueOf(rec).Elem()
	m.dropMembers(v, infoOf(v.Type()), at)
	switch rec := rec.(type) {
	case *Change:
		items := make([]fieldItem, len(rec.Fields))
		for i, fc := range rec.Fields {
			items[i] = fieldItem{fc.Field, [][]byte{fc.OldValue, fc.NewValue}}
		}
		keep, err := m.fieldItems(index, "ThayDoi", items)
		rec.Fields = pick(rec.Fields, keep)
		return err
	case *MatchResult:
		items := make([]fieldItem, len(rec.Differences))
		for i, d := range rec.Differences {
			items[i] = fieldItem{d.Field, [][]byte{d.AgencyValue, d.AuthoritativeValue}}
		}
		keep, err := m.fieldItems(index, "ChenhLech", items)
		rec.Differences = pick(rec.Differences, keep)
		return err
	}
	return nil
}

// dropMembers zeroes the members of v, a value of wire type ti at JSON
// Pointer path, that the version written does not have, and lists them.
func (m *migration) dropMembers(v reflect.Value, ti *typeInfo, path string) {
	if ti == nil || !ti.versioned {
		return
	}
	for i := range ti.fields {
		f := &ti.fields[i]
		fv := v.Field(f.index)
		p := path + "/" + escapePointer(f.name)
		switch {
		case !f.in(m.to.major):
			if !fv.IsZero() {
				b, err := json.Marshal(fv.Interface())
				if err != nil {
					b = nil // a value that bound marshals; keep the report going all the same
				}
				m.dropped(DroppedValue{Pointer: p, Name: f.name, Value: b})
				fv.SetZero()
			}
		case f.kind == kindStruct:
			m.dropMembers(fv, f.elem, p)
		case f.kind == kindStructPtr && !fv.IsNil():
			m.dropMembers(fv.Elem(), f.elem, p)
		case f.kind == kindSlice:
			for j := range fv.Len() {
				m.dropMembers(fv.Index(j), f.elem, p+"/"+strconv.Itoa(j))
			}
		}
	}
}

func (m *migration) dropped(dv DroppedValue) {
	m.rep.byName[dv.Name]++
	if m.maxListed > 0 && len(m.rep.Dropped) >= m.maxListed {
		m.rep.Omitted++
		return
	}
	m.rep.Dropped = append(m.rep.Dropped, dv)
}

// fieldItem is an item of ThayDoi or ChenhLech: a JSON Pointer into HoSo
// (TruongDuLieu) and the values it gives that field.
type fieldItem struct {
	pointer string
	values  [][]byte
}

// fieldItems returns which items of the array named array of the record
// at index to keep: not those whose TruongDuLieu names a member the
// version written does not have, which are listed as dropped. A value that
// holds such a member inside it cannot be dropped without changing what
// the item says, nor can every item of a record that had some: both are
// ErrNotMigratable.
func (m *migration) fieldItems(index int, array string, items []fieldItem) ([]bool, error) {
	path := RecordPointer(index, "")
	keep := make([]bool, len(items))
	var gone, goneVI []string
	for i, it := range items {
		at := path + "/" + array + "/" + strconv.Itoa(i)
		if keep[i] = pointerIn(profileInfo(), it.pointer, m.to.major); !keep[i] {
			m.dropped(DroppedValue{Pointer: at, Name: array, Value: itemJSON(it)})
			gone = append(gone, clip.String(it.pointer))
			goneVI = append(goneVI, pointerWords(it.pointer))
			continue
		}
		if f, ok := resolvePointer(profileInfo(), it.pointer); ok && !valuesIn(f, it.values, m.to.major) {
			return keep, &MigrationError{Err: ErrNotMigratable, Pointer: at,
				MessageVI: fmt.Sprintf("Mục thứ %d của %s trong bản ghi thứ %d ghi giá trị cho %s có thành phần không có ở định dạng phiên bản %s: không bỏ được thành phần đó mà giữ nguyên nội dung. Đề nghị lập lại bản ghi theo định dạng phiên bản %s.",
					i+1, fieldWords(array, nil), index+1, pointerWords(it.pointer), m.to.name, m.to.name),
				MessageEN: fmt.Sprintf("%s: the value of %q holds a member format %s does not have", at, clip.String(it.pointer), m.to.name)}
		}
	}
	if len(items) > 0 && len(gone) == len(items) {
		return keep, &MigrationError{Err: ErrNotMigratable, Pointer: path,
			MessageVI: fmt.Sprintf("Bản ghi thứ %d chỉ có %s về trường không có ở định dạng phiên bản %s (%s): không còn gì để chuyển. Đề nghị bỏ bản ghi này khỏi gói tin rồi chuyển lại.",
				index+1, fieldWords(array, nil), m.to.name, strings.Join(goneVI, ", ")),
			MessageEN: fmt.Sprintf("%s: every item of %s names a member format %s does not have (%s): nothing is left to migrate; take the record out of the packet", path, array, m.to.name, strings.Join(gone, ", "))}
	}
	return keep, nil
}

// pointerWords names in Vietnamese the field a JSON Pointer into HoSo
// names, by its last member.
func pointerWords(pointer string) string {
	name := pointer[strings.LastIndexByte(pointer, '/')+1:]
	return fieldWords(clip.String(name), nil)
}

// itemJSON is the dropped item as JSON: its pointer and values.
func itemJSON(it fieldItem) json.RawMessage {
	vals := make([]json.RawMessage, 0, len(it.values))
	for _, v := range it.values {
		if len(v) > 0 {
			vals = append(vals, v)
		}
	}
	b, _ := json.Marshal(struct {
		Pointer string            `json:"TruongDuLieu"`
		Values  []json.RawMessage `json:"GiaTri,omitempty"`
	}{it.pointer, vals})
	return b
}

func pick[T any](s []T, keep []bool) []T {
	out := s[:0]
	for i, x := range s {
		if keep[i] {
			out = append(out, x)
		}
	}
	return out
}

// pointerIn reports whether every member a JSON Pointer into root names on
// its way is in format version major. A pointer that names no member is
// left to the validator (R-BD-001): true.
func pointerIn(root *typeInfo, pointer string, major int) bool {
	ti := root
	for seg := range strings.SplitSeq(strings.TrimPrefix(pointer, "/"), "/") {
		if ti == nil {
			return true
		}
		if isIndex(seg) {
			continue
		}
		f, ok := ti.field(strings.ReplaceAll(strings.ReplaceAll(seg, "~1", "/"), "~0", "~"))
		if !ok {
			return true
		}
		if !f.in(major) {
			return false
		}
		ti = f.elem
	}
	return true
}

// valuesIn reports whether the JSON values given for field f hold only
// members of format version major. A value that does not parse is left
// to the validator (R-BD-002): true.
func valuesIn(f *field, values [][]byte, major int) bool {
	if f.elem == nil || !f.elem.versioned {
		return true
	}
	for _, raw := range values {
		if len(raw) == 0 {
			continue
		}
		if v, err := decodeValue(raw); err == nil && !valueIn(f, v, major) {
			return false
		}
	}
	return true
}

// valueIn reports whether the tree v, a value of field f, holds only
// members of format version major.
func valueIn(f *field, v any, major int) bool {
	if f.elem == nil || !f.elem.versioned {
		return true
	}
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			cf, ok := f.elem.field(k)
			if ok && (!cf.in(major) || !valueIn(cf, x, major)) {
				return false
			}
		}
	case []any:
		item := &field{kind: kindStruct, elem: f.elem}
		for _, x := range v {
			if !valueIn(item, x, major) {
				return false
			}
		}
	}
	return true
}

// headerError turns the Decoder's error on the header into Migrate's.
func headerError(err error) error {
	switch {
	case errors.Is(err, ErrHeaderNotFirst):
		return &MigrationError{Err: ErrHeaderNotFirst,
			MessageVI: "Dữ liệu (DuLieu) đứng trước thông tin gói tin (ThongTinGoiTin) và gói tin không đọc lại được từ đầu: không chuyển được gói tin theo từng bản ghi. Đề nghị chuyển gói tin từ tệp, hoặc đặt thông tin gói tin lên đầu rồi chuyển lại.",
			MessageEN: "DuLieu comes before ThongTinGoiTin and the input cannot seek back to its start: read the packet from a file (an io.ReadSeeker), or put the header first"}
	case errors.Is(err, ErrMissingHeader):
		return &MigrationError{Err: ErrMissingHeader,
			MessageVI: "Gói tin không có thông tin gói tin (ThongTinGoiTin): không chuyển được. Đề nghị kiểm tra lại tệp.",
			MessageEN: "the packet has no header (ThongTinGoiTin)"}
	}
	return recordError(err)
}

// recordError turns the Decoder's error on a record into Migrate's: the
// findings of a value that does not bind or a malformed packet refuse it;
// any other error (the reader's) is returned as it is.
func recordError(err error) error {
	var fs Findings
	if !errors.As(asDecodeError(err), &fs) {
		return fmt.Errorf("packet: migrate: %w", err)
	}
	vi, _ := fs.Messages()
	if !strings.HasSuffix(vi, ".") {
		vi += "."
	}
	return &MigrationError{Err: ErrNotMigratable, Pointer: fs[0].Pointer, Findings: fs,
		MessageVI: vi + " Gói tin chưa được chuyển định dạng: còn giá trị không đọc được, chuyển sẽ làm mất giá trị đó. Đề nghị sửa gói tin rồi chuyển lại.",
		MessageEN: fmt.Sprintf("a value does not bind into the model, and migrating would lose it: %v", fs)}
}
