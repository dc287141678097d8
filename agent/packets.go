package agent

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/cbccvc/cbccvc-go/internal/msg"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/quality"
	"github.com/cbccvc/cbccvc-go/signing"
)

//go:embed openapi.json
var openAPI []byte

// OpenAPI returns the agent's contract, an OpenAPI 3.1 document (JSON),
// served at GET /openapi.json.
func OpenAPI() []byte { return bytes.Clone(openAPI) }

// routes registers the API. Each route is registered with its method, and
// without one for a JSON 405 on any other method. The page of package
// quality is at / with its assets, and its endpoint is POST /v1/quality:
// it checks packets with the agent's validator and verifies signatures
// with its verifier.
func (a *Agent) routes() {
	a.page = &quality.Handler{
		Checker:  &quality.Checker{Validator: a.validator, Verifier: a.cfg.Verifier},
		MaxBytes: a.cfg.MaxBodyBytes,
	}
	a.mux.Handle("GET /{$}", a.page)
	a.mux.Handle("GET /assets/{name}", a.page)
	for _, rt := range []struct {
		method, path string
		h            http.HandlerFunc
	}{
		{"GET", "/openapi.json", a.contract},
		{"GET", "/v1/health", a.health},
		{"POST", "/v1/validate", a.validate},
		{"POST", "/v1/convert", a.convert},
		{"POST", "/v1/migrate", a.migrate},
		{"POST", "/v1/sign", a.sign},
		{"POST", "/v1/verify", a.verify},
		{"POST", "/v1/pull", a.pull},
		{"POST", "/v1/send", a.submitSend},
		{"GET", "/v1/jobs", a.listJobs},
		{"GET", "/v1/jobs/{id}", a.getJob},
		{"POST", "/v1/quality", a.page.ServeHTTP},
		{"GET", "/v1/sync", a.syncState},
		{"GET", "/v1/quality/sync", a.syncQuality},
	} {
		a.mux.HandleFunc(rt.method+" "+rt.path, rt.h)
		allow := rt.method
		if allow == "GET" {
			allow = "GET, HEAD"
		}
		a.mux.HandleFunc(rt.path, func(w http.ResponseWriter, r *http.Request) {
			writeError(w, methodNotAllowed(allow))
		})
	}
}

func (a *Agent) contract(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Write(openAPI)
}

// Health is the answer of GET /v1/health: what the agent can do as
// configured.
type Health struct {
	Status        string `json:"status"`        // "ok"
	FormatVersion string `json:"formatVersion"` // the packet format version written (packet.Version)
	Signing       bool   `json:"signing"`       // POST /v1/sign works: the agent holds a key
	Verifying     bool   `json:"verifying"`     // POST /v1/verify works: the agent has trust roots
	Sending       bool   `json:"sending"`       // send jobs work: a service, a key and a state directory
	Pulling       bool   `json:"pulling"`       // POST /v1/pull works: a service is configured
	Sync          bool   `json:"sync"`          // GET /v1/sync works: the HR sync's store is configured
}

func (a *Agent) health(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, Health{Status: "ok", FormatVersion: packet.Version,
		Signing: a.cfg.Signer != nil, Verifying: a.cfg.Verifier != nil,
		Sending: a.jobs.ready() == nil, Pulling: a.cfg.Client != nil, Sync: a.cfg.Sync != nil})
}

// readBody reads the request's body, within Config.MaxBodyBytes.
func readBody(r *http.Request) ([]byte, *ErrorBody) {
	b, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, bodyError(err)
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, badRequest("Yêu cầu không có nội dung. Đề nghị gửi gói tin (JSON hoặc XML) trong nội dung yêu cầu.",
			"the request has no body: send the packet (JSON or XML) as the body")
	}
	return b, nil
}

// bodyError is the answer to a failure reading the body: 413 over the
// limit, 400 otherwise.
func bodyError(err error) *ErrorBody {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return tooLarge(mbe.Limit)
	}
	return fromError(http.StatusBadRequest, CodeBadRequest, err)
}

// formatParam reads a query parameter naming a format: json or xml, and
// auto (or absent) when allowAuto.
func formatParam(r *http.Request, name string, allowAuto bool) (packet.Format, *ErrorBody) {
	v := r.URL.Query().Get(name)
	f, err := packet.ParseFormat(v)
	if err != nil || (!allowAuto && f == packet.FormatAuto) {
		want := "json hoặc xml"
		if allowAuto {
			want = "auto, json hoặc xml"
		}
		return 0, badRequest("Tham số "+name+" "+quoteVI(v)+" không hợp lệ. Đề nghị ghi "+want+".",
			"the parameter "+name+" must be "+strings.ReplaceAll(want, " hoặc ", " or ")+", not "+strconv.Quote(v))
	}
	return f, nil
}

// writePacket writes a packet as the answer, with its media type.
func writePacket(w http.ResponseWriter, b []byte) {
	ct := "application/json"
	if f, _ := packet.DetectFormat(b); f == packet.FormatXML {
		ct = "application/xml"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	w.Write(b)
}

// formatName is the name of a format in the agent's answers.
func formatName(f packet.Format) string {
	if f == packet.FormatXML {
		return "xml"
	}
	return "json"
}

// ValidateResult is the answer of POST /v1/validate.
type ValidateResult struct {
	Valid    bool      `json:"valid"` // no finding is an error (warnings do not count)
	Format   string    `json:"format"`
	Version  string    `json:"version,omitempty"` // PhienBan, when the header could be read
	Kind     string    `json:"kind,omitempty"`    // LoaiGoiTin
	ID       string    `json:"id,omitempty"`      // MaGoiTin
	Records  int       `json:"records"`
	Findings []Finding `json:"findings"`
	Omitted  int       `json:"omitted"` // findings over the validator's limits, not listed
}

func (a *Agent) validate(w http.ResponseWriter, r *http.Request) {
	f, e := formatParam(r, "format", true)
	if e != nil {
		writeError(w, e)
		return
	}
	v := a.validator
	if f != packet.FormatAuto {
		var err error
		if v, err = packet.NewValidator(packet.WithClock(a.cfg.Now), packet.WithFormat(f)); err != nil {
			writeError(w, internalError(err))
			return
		}
	}
	rep, err := v.Validate(r.Context(), r.Body)
	if err != nil {
		writeError(w, bodyError(err))
		return
	}
	res := ValidateResult{Valid: rep.Valid(), Format: formatName(rep.Format), Records: rep.Records,
		Findings: findings(rep.Findings), Omitted: rep.Omitted}
	if h := rep.Header; h != nil {
		res.Version, res.Kind = h.Version, string(h.Kind)
		if h.ID != uuid.Nil {
			res.ID = h.ID.String()
		}
	}
	writeJSON(w, http.StatusOK, res)
}

func (a *Agent) convert(w http.ResponseWriter, r *http.Request) {
	to, e := formatParam(r, "to", false)
	if e != nil {
		writeError(w, e)
		return
	}
	var out bytes.Buffer
	if err := packet.Convert(r.Context(), &out, r.Body, to); err != nil {
		writeError(w, packetError(err))
		return
	}
	writePacket(w, out.Bytes())
}

// packetError is the answer to a packet refused by the module: 413 over
// the body limit, 422 otherwise.
func packetError(err error) *ErrorBody {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return tooLarge(mbe.Limit)
	}
	return fromError(http.StatusUnprocessableEntity, CodeInvalidPacket, err)
}

// MigrateResult is the answer of POST /v1/migrate: the migrated packet
// and what was done to it.
type MigrateResult struct {
	From             string    `json:"from"`
	To               string    `json:"to"`
	Format           string    `json:"format"`
	ID               string    `json:"id"`
	OriginalID       string    `json:"originalId"`
	Records          int       `json:"records"`
	Dropped          []Dropped `json:"dropped"`
	Omitted          int       `json:"omitted"` // dropped values not listed
	SignatureRemoved bool      `json:"signatureRemoved"`
	Message          string    `json:"message"`   // what was done, in English
	MessageVI        string    `json:"messageVI"` // the same, in Vietnamese
	Packet           string    `json:"packet"`    // the migrated packet, JSON or XML, as text
}

// Dropped is a value the migration left out: the version written does
// not have its member.
type Dropped struct {
	Pointer string          `json:"pointer"`
	Name    string          `json:"name"`
	Value   json.RawMessage `json:"value,omitempty"`
}

func (a *Agent) migrate(w http.ResponseWriter, r *http.Request) {
	f, e := formatParam(r, "format", true)
	if e != nil {
		writeError(w, e)
		return
	}
	opts := []packet.MigrateOption{packet.MigrateFormat(f)}
	switch v := r.URL.Query().Get("keepId"); v {
	case "", "false":
	case "true":
		opts = append(opts, packet.MigrateKeepPacketID())
	default:
		writeError(w, badRequest("Tham số keepId "+quoteVI(v)+" không hợp lệ. Đề nghị ghi true hoặc false.",
			"the parameter keepId must be true or false, not "+strconv.Quote(v)))
		return
	}
	var out bytes.Buffer
	rep, err := packet.Migrate(r.Context(), &out, r.Body, opts...)
	if err != nil {
		writeError(w, packetError(err))
		return
	}
	vi, en := rep.Messages()
	res := MigrateResult{From: rep.From, To: rep.To, Format: formatName(rep.Format), ID: rep.ID.String(),
		OriginalID: rep.OriginalID.String(), Records: rep.Records, Dropped: []Dropped{}, Omitted: rep.Omitted,
		SignatureRemoved: rep.Signed, Message: en, MessageVI: vi, Packet: out.String()}
	for _, d := range rep.Dropped {
		res.Dropped = append(res.Dropped, Dropped(d))
	}
	writeJSON(w, http.StatusOK, res)
}

func (a *Agent) sign(w http.ResponseWriter, r *http.Request) {
	if a.cfg.Signer == nil {
		writeError(w, notConfigured("Dịch vụ chưa có khóa để ký số.", "the agent holds no key: start it with one to sign"))
		return
	}
	body, e := readBody(r)
	if e != nil {
		writeError(w, e)
		return
	}
	// A value that does not bind into the model is refused, so that what
	// is signed is what the receiver reads.
	_, fs, err := packet.Decode(bytes.NewReader(body), packet.FormatAuto, packet.Limits{})
	if _, malformed := errors.AsType[packet.Findings](err); malformed {
		writeError(w, packetError(err))
		return
	}
	if fs != nil {
		writeError(w, packetError(fs))
		return
	}
	signed, err := a.cfg.Signer.Sign(r.Context(), body)
	if err != nil {
		e := fromError(http.StatusUnprocessableEntity, CodeSigning, err)
		e.Rule = signing.Rule(err)
		writeError(w, e)
		return
	}
	writePacket(w, signed)
}

// VerifyResult is the answer of POST /v1/verify. A signature that does
// not verify is a result (Verified false, with Rule and the messages), not
// an error of the request.
type VerifyResult struct {
	Verified    bool   `json:"verified"`
	Signer      string `json:"signer,omitempty"`      // the signer's certificate subject
	Agency      string `json:"agency,omitempty"`      // the agency code the certificate names
	SigningTime string `json:"signingTime,omitempty"` // RFC 3339, when the signature says
	Algorithm   string `json:"algorithm,omitempty"`
	// TimeStampedAt (RFC 3339) and TimeStampAuthority (the TSA's
	// certificate subject) are those of an RFC 3161 time-stamp that
	// verified: the signer's chain was checked at that time.
	TimeStampedAt      string          `json:"timeStampedAt,omitempty"`
	TimeStampAuthority string          `json:"timeStampAuthority,omitempty"`
	Warnings           []VerifyWarning `json:"warnings"`
	Rule               string          `json:"rule,omitempty"`      // the R-SIG rule a failure breaks
	Message            string          `json:"message,omitempty"`   // why it does not verify, in English
	MessageVI          string          `json:"messageVI,omitempty"` // the same, in Vietnamese, with what to do
}

// VerifyWarning is a warning of a signature that verified.
type VerifyWarning struct {
	Message   string `json:"message"`
	MessageVI string `json:"messageVI"`
}

func (a *Agent) verify(w http.ResponseWriter, r *http.Request) {
	if a.cfg.Verifier == nil {
		writeError(w, notConfigured("Dịch vụ chưa có chứng thư số gốc tin cậy để xác thực chữ ký số.",
			"the agent has no trust roots: start it with them to verify"))
		return
	}
	body, e := readBody(r)
	if e != nil {
		writeError(w, e)
		return
	}
	res := VerifyResult{Warnings: []VerifyWarning{}}
	got, err := a.cfg.Verifier.Verify(r.Context(), body)
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return // the client went away
		}
		res.MessageVI, res.Message = msg.Split(err)
		res.Rule = signing.Rule(err)
		writeJSON(w, http.StatusOK, res)
		return
	}
	res.Verified = true
	res.Signer, res.Agency, res.Algorithm = got.Signer.Subject.String(), got.Agency.String(), string(got.Algorithm)
	if !got.SignedAt.IsZero() {
		res.SigningTime = got.SignedAt.Format(time.RFC3339)
	}
	if !got.TimeStampedAt.IsZero() {
		res.TimeStampedAt = got.TimeStampedAt.Format(time.RFC3339)
		res.TimeStampAuthority = got.TimeStampAuthority.Subject.String()
	}
	for _, w := range got.Warnings {
		res.Warnings = append(res.Warnings, VerifyWarning{Message: w.MessageEN, MessageVI: w.MessageVI})
	}
	writeJSON(w, http.StatusOK, res)
}
