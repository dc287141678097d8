// Package wire holds what the client and the sandbox must agree on about the
// NDXP exchange (docs/guide/en/06-ndxp.md): header names, paths, query parameters, the
// problem document and the X-Road request hash. The official annex of the
// decision was not available; where this is our reading of it, it is here
// and nowhere else, so that it can follow the official text with a small change.
package wire

import (
	"crypto/sha512"
	"encoding/base64"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/cbccvc/cbccvc-go/packet"
)

// Headers (docs/guide/en/06-ndxp.md#a-client).
const (
	HeaderClient         = "X-Road-Client"
	HeaderService        = "X-Road-Service"
	HeaderID             = "X-Road-Id"
	HeaderUserID         = "X-Road-UserId"
	HeaderRequestHash    = "X-Road-Request-Hash"
	HeaderError          = "X-Road-Error"
	HeaderIdempotencyKey = "Idempotency-Key"
	HeaderNextCursor     = "X-Next-Cursor"
	HeaderRetryAfter     = "Retry-After"
)

// Media types.
const (
	MediaJSON    = "application/json"
	MediaXML     = "application/xml"
	MediaProblem = "application/problem+json"
	MediaForm    = "application/x-www-form-urlencoded"
)

// Path prefixes of the two transports (docs/guide/en/06-ndxp.md#the-service): the X-Road REST protocol puts
// the service identifier after XRoadPrefix; the OAuth gateway serves the
// same paths under GatewayPrefix and issues tokens at TokenPath.
const (
	XRoadPrefix   = "/r1/"
	GatewayPrefix = "/cbccvc/v1"
	TokenPath     = "/token"
)

// Endpoint is one endpoint of the service (docs/guide/en/06-ndxp.md#the-service). Its Name is what logs and fault
// injection call it: unlike a path, it never contains a personal ID.
type Endpoint int

// The endpoints of the service (docs/guide/en/06-ndxp.md#the-service), and the OAuth gateway's token endpoint.
const (
	Submit   Endpoint = iota + 1 // POST /goi-tin
	Result                       // GET /goi-tin/{MaGoiTin}
	Matches                      // GET /doi-khop
	Profiles                     // GET /ho-so
	Profile                      // GET /ho-so/{SoDinhDanh}
	CodeList                     // GET /danh-muc/{ten}
	Token                        // POST /token (OAuth gateway only)
)

// Endpoints lists the service's endpoints (not Token).
func Endpoints() []Endpoint { return []Endpoint{Submit, Result, Matches, Profiles, Profile, CodeList} }

// route is the one table of methods, names and paths.
func (e Endpoint) route() (name, method, pattern string) {
	switch e {
	case Submit:
		return "submit", http.MethodPost, "/goi-tin"
	case Result:
		return "result", http.MethodGet, "/goi-tin/{MaGoiTin}"
	case Matches:
		return "matches", http.MethodGet, "/doi-khop"
	case Profiles:
		return "profiles", http.MethodGet, "/ho-so"
	case Profile:
		return "profile", http.MethodGet, "/ho-so/{SoDinhDanh}"
	case CodeList:
		return "codelist", http.MethodGet, "/danh-muc/{ten}"
	case Token:
		return "token", http.MethodPost, TokenPath
	}
	return "", "", ""
}

// Name is the endpoint's name: submit, result, matches, profiles, profile,
// codelist or token.
func (e Endpoint) Name() string { n, _, _ := e.route(); return n }

// Method is the endpoint's HTTP method.
func (e Endpoint) Method() string { _, m, _ := e.route(); return m }

// Pattern is the endpoint's path under the service in net/http.ServeMux
// syntax, e.g. "/goi-tin/{MaGoiTin}".
func (e Endpoint) Pattern() string { _, _, p := e.route(); return p }

// Path is the pattern with its one wildcard, if any, replaced by the
// path-escaped arg.
func (e Endpoint) Path(arg string) string {
	p := e.Pattern()
	if i := strings.IndexByte(p, '{'); i >= 0 {
		return p[:i] + url.PathEscape(arg)
	}
	return p
}

// Page sizes of the service (docs/guide/en/06-ndxp.md#the-service).
const (
	MaxPageSize     = 1000
	DefaultPageSize = 1000
)

// Query parameters of the service (docs/guide/en/06-ndxp.md#the-service).
const (
	QuerySince       = "tu"          // doi-khop: results since (RFC 3339)
	QueryCursor      = "con-tro"     // opaque cursor from X-Next-Cursor
	QueryLimit       = "gioi-han"    // page size, <= MaxPageSize
	QueryUnit        = "ma-don-vi"   // ho-so: profiles of this unit and below
	QueryUpdatedFrom = "cap-nhat-tu" // ho-so: profiles updated since (RFC 3339)
)

// The purpose of a pull of profiles (docs/guide/en/06-ndxp.md#the-purpose-of-a-pull-of-profiles): Decree 27/2026/NĐ-CP lets a
// body read an electronic profile with the person's consent, or without it
// for cadre work within its authority. The two values are the spec's
// (MucDich); the parameter names are our reading: the spec names the member
// MucDich, and the query parameters of the service (docs/guide/en/06-ndxp.md#the-service) are written in lower case with
// hyphens, so muc-dich, and ma-dong-y for the consent's reference. Both
// GET /ho-so and GET /ho-so/{SoDinhDanh} take them.
const (
	QueryPurpose = "muc-dich"  // ho-so: PurposeCadreWork or PurposeConsent; absent means PurposeCadreWork
	QueryConsent = "ma-dong-y" // ho-so: the consent's reference, with PurposeConsent only

	PurposeCadreWork = "CONG_TAC_CAN_BO" // cadre work within the caller's authority
	PurposeConsent   = "DONG_Y"          // with the person's consent, named by its reference
)

// What an answer sharing profiles (CHIASE_HOSO) left out: the
// sensitive groups of Decree 27/2026/NĐ-CP (packet.SensitiveMembers) are
// in a profile only when the pull's purpose covers them. The format gives the
// answer no way to say so, and a member left out would read as a member
// the person has no data in. Our reading: two headers of the answer to
// GET /ho-so and GET /ho-so/{SoDinhDanh}, both or neither,
// WithheldMembers the wire names of the members left out (every one the
// purpose does not cover, whether or not the person has data in it, so
// that the header says nothing of the person) and WithheldRecords the
// indexes, in DuLieu, of the profiles they were left out of. Values are
// comma-separated, with no spaces. Headers are not signed: the packet
// they come with is.
const (
	HeaderWithheldMembers = "X-Withheld-Members" // e.g. LichSuBanThan,KeKhaiTaiSan,SucKhoe
	HeaderWithheldRecords = "X-Withheld-Records" // e.g. 0,3,4
)

// MaxConsentRef caps the length of a consent's reference, in bytes: a
// document number, not a document.
const MaxConsentRef = 200

// Problem is an error answer, RFC 9457 with the members the guide lists
// (docs/guide/en/08-errors.md#the-national-service-ndxp).
type Problem struct {
	Type     string           `json:"type,omitempty"`
	Title    string           `json:"title,omitempty"`
	Status   int              `json:"status,omitempty"`
	Detail   string           `json:"detail,omitempty"`
	Code     string           `json:"maLoi,omitempty"`
	Findings []packet.Finding `json:"viPham,omitempty"`
	// DetailVI is Detail in Vietnamese, with what to do: our addition to
	// RFC 9457 (which allows members of one's own), for a refusal that no
	// finding of a packet explains, such as a bad query parameter.
	DetailVI string `json:"chiTiet,omitempty"`
}

// Problem codes (maLoi). The spec names none; these are ours.
const (
	CodeBadRequest   = "YEU_CAU_KHONG_HOP_LE"
	CodeUnauthorized = "CHUA_XAC_THUC"
	CodeForbidden    = "KHONG_CO_QUYEN"
	CodeNotFound     = "KHONG_TIM_THAY"
	CodeConflict     = "XUNG_DOT_MA_GOI_TIN"
	CodeTooLarge     = "GOI_TIN_QUA_LON"
	CodeMediaType    = "KIEU_DU_LIEU_KHONG_HO_TRO"
	CodeRateLimited  = "QUA_GIOI_HAN_TAN_SUAT"
	CodeUnavailable  = "DICH_VU_TAM_NGUNG"
	CodeInternal     = "LOI_HE_THONG"
)

// XRoadFault is the body of an answer that carries X-Road-Error: a fault of a
// security server, not of the service (PR-REST §4.3).
type XRoadFault struct {
	Type    string `json:"type"`
	Message string `json:"message"`
	Detail  string `json:"detail"`
}

// RequestHash is the X-Road-Request-Hash of a request:
// base64(SHA-512(SHA-512(headers) || SHA-512(body))), or base64(SHA-512(headers))
// when there is no body (PR-REST §4.3). The X-Road protocol hashes the
// security server's own serialisation of the headers, which a client cannot
// see; our reading hashes the request line "METHOD PATH?QUERY\n" (the path
// under the service) then "name: value\n" for each of X-Road-Client, X-Road-Id,
// X-Road-UserId, Idempotency-Key and Content-Type present, with the name in lower case.
func RequestHash(method, servicePath, rawQuery string, h http.Header, body []byte) string {
	var b strings.Builder
	b.WriteString(method)
	b.WriteByte(' ')
	b.WriteString(servicePath)
	if rawQuery != "" {
		b.WriteByte('?')
		b.WriteString(sortQuery(rawQuery))
	}
	b.WriteByte('\n')
	for _, name := range [...]string{HeaderClient, HeaderID, HeaderUserID, HeaderIdempotencyKey, "Content-Type"} {
		if v := h.Get(name); v != "" {
			b.WriteString(strings.ToLower(name))
			b.WriteString(": ")
			b.WriteString(v)
			b.WriteByte('\n')
		}
	}
	hh := sha512.Sum512([]byte(b.String()))
	if len(body) == 0 {
		return base64.StdEncoding.EncodeToString(hh[:])
	}
	hb := sha512.Sum512(body)
	sum := sha512.Sum512(append(hh[:], hb[:]...))
	return base64.StdEncoding.EncodeToString(sum[:])
}

// sortQuery orders the parameters so that a proxy that reorders them does
// not change the hash.
func sortQuery(q string) string {
	parts := strings.Split(q, "&")
	sort.Strings(parts)
	return strings.Join(parts, "&")
}
