package signing

import (
	"context"
	"crypto"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/signing/internal/cms"
)

// FormatCMS is the DinhDang of a JSON packet's signature.
const FormatCMS = "CMS"

// Signer signs packets with one key and its certificate chain. It is safe for
// concurrent use if its key is. A nil or zero Signer has no key: Sign
// returns ErrNil, Certificate nil; make one with NewSigner.
type Signer struct {
	key     crypto.Signer
	chain   []*x509.Certificate
	match   SignerMatcher
	alg     Algorithm
	profile Profile
	stamper TimeStamper
	now     func() time.Time
	// lossless: Sign decodes the packet and refuses a value that does not
	// bind (WithLossless).
	lossless bool
}

// SignerOption configures NewSigner.
type SignerOption func(*Signer)

// WithMatcher replaces the check Sign makes that the signer may sign for the
// packet's sender (default MatchAgencyCode, the verifier's default); nil
// turns the check off.
func WithMatcher(m SignerMatcher) SignerOption { return func(s *Signer) { s.match = m } }

// WithAlgorithm chooses the signature algorithm, which must suit the key:
// for an RSA key RSAPSSSHA256 (the default), RSAPSSSHA384 or RSAPSSSHA512,
// or PKCS #1 v1.5 by name (RSASHA256, RSASHA384, RSASHA512) for a
// receiver that knows nothing else; for an ECDSA key ECDSASHA256 (the
// default), ECDSASHA384 or ECDSASHA512. A hardware key must support what is
// chosen: RSASSA-PSS asks the key's Sign for *rsa.PSSOptions with a salt as
// long as the hash.
func WithAlgorithm(a Algorithm) SignerOption { return func(s *Signer) { s.alg = a } }

// WithProfile keeps the signer to a profile's algorithms: with ProfileTT15
// NewSigner refuses PKCS #1 v1.5 even when WithAlgorithm names it. The
// default signs by Circular 15/2025/TT-BKHCN already; see Profile.
func WithProfile(p Profile) SignerOption { return func(s *Signer) { s.profile = p } }

// WithTimeStamper adds to every JSON packet's signature an RFC 3161
// time-stamp token from ts over the signature value, as the unsigned
// attribute id-aa-timeStampToken (docs/guide/en/05-signing.md#time-stamps-rfc-3161), so that a verifier
// can check the signer's certificate at a time a TSA vouches for. Sign then
// fails if ts does. XML packets get none: the XML-DSig profile has no
// place for one.
func WithTimeStamper(ts TimeStamper) SignerOption { return func(s *Signer) { s.stamper = ts } }

// WithClock sets the clock a JSON packet's signature takes its signing
// time from (the CMS signing-time attribute); default the system clock. A
// test or a sandbox whose world runs at another time gives its own, so
// that the signing time falls within the certificates it made for that time.
func WithClock(now func() time.Time) SignerOption { return func(s *Signer) { s.now = now } }

// WithLossless makes Sign decode the whole packet, as its receiver will,
// and refuse one holding a value the model cannot carry whole (a date that
// does not exist, a number its type does not hold: packet.Decode's
// findings), so that what is signed is what the receiver reads. The error
// wraps ErrLossy and the packet.Findings. The packet is still read once: an
// XML packet is decoded from the tokens it is canonicalised from, a JSON
// packet from its canonical form, in place of the reading of its header
// that Sign makes anyway.
func WithLossless() SignerOption { return func(s *Signer) { s.lossless = true } }

// NewSigner returns a signer for key, whose certificate is chain[0]; the rest
// of chain are its intermediates, issuer first, and go into every signature.
// The key never needs to be exportable: a token's or HSM's crypto.Signer does.
//
// The algorithm is the one of Circular 15/2025/TT-BKHCN for the key:
// RSASSA-PSS (RSAPSSSHA256) for an RSA key, ECDSA (ECDSASHA256) for an
// ECDSA key, unless WithAlgorithm chooses another; RSA PKCS #1 v1.5 only
// when WithAlgorithm names it. NewSigner refuses an algorithm that does not
// suit the key or the profile, and a key shorter than the circular allows
// (RSA under 2048 bits, ECDSA under 256) but for PKCS #1 v1.5 named
// outside ProfileTT15, with ErrWeakAlgorithm and ErrNotTT15.
func NewSigner(key crypto.Signer, chain []*x509.Certificate, opts ...SignerOption) (*Signer, error) {
	if key == nil || len(chain) == 0 || chain[0] == nil {
		return nil, errors.New("signing: a key and its certificate are required")
	}
	pub, ok := key.Public().(interface{ Equal(crypto.PublicKey) bool })
	if !ok || !pub.Equal(chain[0].PublicKey) {
		return nil, &Error{Err: ErrKeyMismatch, MessageEN: "the key is not the certificate's",
			MessageVI: "Khóa bí mật không thuộc chứng thư số đã cho. Đề nghị dùng đúng cặp khóa và chứng thư số."}
	}
	s := &Signer{key: key, chain: append([]*x509.Certificate(nil), chain...), match: MatchAgencyCode}
	for _, o := range opts {
		o(s)
	}
	alg, err := signerAlgorithm(key, s.alg, s.profile)
	if err != nil {
		return nil, bilingual(err)
	}
	s.alg = alg
	return s, nil
}

// Certificate returns the signer's certificate.
func (s *Signer) Certificate() *x509.Certificate {
	if s == nil || len(s.chain) == 0 {
		return nil
	}
	return s.chain[0]
}

// Algorithm returns the algorithm the signer signs with.
func (s *Signer) Algorithm() Algorithm {
	if s == nil {
		return ""
	}
	return s.alg
}

// Sign signs a packet and returns the signed packet. A JSON packet
// (docs/guide/en/05-signing.md#what-is-signed) is returned as the canonical form (RFC 8785) of the
// packet without any ChuKySo it had, with ChuKySo added as its last member. Whitespace and key order of the
// input are therefore not kept; what is sent is exactly what was signed.
//
// Sign refuses input that is not a packet, and a packet whose sender
// (MaDonViGui) the certificate does not name (ErrSignerNotSender), unless
// WithMatcher said otherwise.
//
// An XML packet (input starting with '<') is signed with an enveloped
// XML-DSig (docs/guide/en/05-signing.md#what-is-signed): the result is the XML declaration and the
// packet's exclusive canonical form with the ds:Signature as the root's last
// child, replacing any the packet had; a ds:Signature elsewhere is refused
// (ErrWrapping), as is what Verify would refuse as malformed.
func (s *Signer) Sign(ctx context.Context, pkt []byte) ([]byte, error) {
	switch {
	case s == nil || s.key == nil || len(s.chain) == 0:
		return nil, nilError("Sign with a Signer not made by NewSigner",
			"Chưa có khóa và chứng thư số để ký số (Signer). Đề nghị tạo Signer bằng NewSigner hoặc nạp tệp khóa và chứng thư số bằng LoadKeyFiles.")
	case ctx == nil:
		return nil, nilError("Sign with a nil context.Context",
			"Thiếu ngữ cảnh của lời gọi (context). Đề nghị truyền context.Background() hoặc một ngữ cảnh có thời hạn.")
	}
	out, err := s.sign(ctx, pkt)
	return out, bilingual(err)
}

func (s *Signer) sign(ctx context.Context, pkt []byte) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	f, err := formatOf(pkt)
	if err != nil {
		return nil, err
	}
	if f == packet.FormatXML {
		return s.signXML(pkt)
	}
	canon, _, err := split(pkt)
	if err != nil {
		return nil, err
	}
	alg, _ := s.alg.cms()
	digest, err := s.checkJSONDigest(canon, alg)
	if err != nil {
		return nil, err
	}
	opts := cms.SignOptions{Algorithm: alg, Digest: digest}
	if s.now != nil {
		opts.SigningTime = s.now()
	}
	if s.stamper != nil {
		opts.TimeStamp = func(sig []byte) ([]byte, error) { return requestStamp(ctx, s.stamper, sig) }
	}
	der, err := cms.Sign(canon, s.key, s.chain, opts)
	if err != nil {
		return nil, fmt.Errorf("signing: %w", err)
	}
	return appendSignature(canon, der)
}

// check reads the packet to be signed from r, in format f, and checks it
// (checkHeader): with packet.ReadHeader, which reads the whole packet but
// binds no record, or under WithLossless with packet.Decode, which binds
// every record too, and refuses a value that does not bind.
func (s *Signer) check(r io.Reader, f packet.Format) error {
	if !s.lossless {
		h, _, err := packet.ReadHeader(r, f, packet.Limits{})
		return s.checkHeader(h, err)
	}
	return s.checkLossless(packet.Decode(r, f, packet.Limits{}))
}

// checkJSON is check of canon, a JSON packet's canonical form, its
// records checked or decoded on all cores: by packet.ReadHeaderBytes, or
// under WithLossless by packet.DecodeBytes, which reads the header first.
func (s *Signer) checkJSON(canon []byte) error {
	if !s.lossless {
		h, _, err := packet.ReadHeaderBytes(canon, packet.FormatJSON, packet.Limits{})
		return s.checkHeader(h, err)
	}
	return s.checkLossless(packet.DecodeBytes(canon, packet.FormatJSON, packet.Limits{}))
}

// checkJSONDigest is checkJSON of canon, with canon's digest by alg's hash
// computed meanwhile, on a core the check leaves idle at times: the key
// is used only once the check has passed.
func (s *Signer) checkJSONDigest(canon []byte, alg cms.Algorithm) ([]byte, error) {
	a, err := cms.KeyAlgorithm(s.key.Public(), alg)
	if err != nil {
		// cms.Sign refuses the key, once the check has passed.
		return nil, s.checkJSON(canon)
	}
	sum := make(chan []byte, 1)
	go func() {
		h := a.Hash.New()
		h.Write(canon)
		sum <- h.Sum(nil)
	}()
	err = s.checkJSON(canon)
	digest := <-sum
	if err != nil {
		return nil, err
	}
	return digest, nil
}

// checkLossless refuses a packet that did not decode whole.
func (s *Signer) checkLossless(p *packet.Packet, findings packet.Findings, err error) error {
	if err != nil {
		return s.checkHeader(packet.Header{}, err)
	}
	if len(findings) > 0 {
		return &Error{Err: ErrLossy, cause: fmt.Errorf("%w: %w", ErrLossy, findings),
			MessageEN: fmt.Sprintf("the packet holds %d values the model cannot carry whole, so it is not signed: %v", len(findings), findings),
			MessageVI: "Gói tin có giá trị không chuyển nguyên vẹn được nên chưa ký. Đề nghị sửa các giá trị đó (xem danh sách vi phạm) rồi ký lại."}
	}
	return s.checkHeader(p.Header, nil)
}

// checkHeader refuses what is not a packet (h and err are packet.ReadHeader's,
// its fatal error), and a packet whose sender the signer may not sign for.
// A header with values that do not parse is signed: its findings are the
// validator's to report.
func (s *Signer) checkHeader(h packet.Header, err error) error {
	if err != nil {
		return fmt.Errorf("signing: not a packet: %w", err)
	}
	if s.match == nil {
		return nil
	}
	if err := s.match(s.chain[0], h.Sender); err != nil {
		if !errors.Is(err, ErrSignerNotSender) {
			err = fmt.Errorf("%w: %w", ErrSignerNotSender, err)
		}
		return err
	}
	return nil
}

// appendSignature adds ChuKySo as the last member of the canonical object.
// It writes in canon's memory, over its closing brace, when canon has room
// for the member after it, as the canonicaliser leaves, so that a packet of
// tens of megabytes is not copied once more: canon is the result's, not to
// be used afterwards.
func appendSignature(canon, der []byte) ([]byte, error) {
	sig, err := json.Marshal(packet.Signature{Format: FormatCMS, Value: base64.StdEncoding.EncodeToString(der)})
	if err != nil {
		return nil, err
	}
	member := len(`,"`+memberSignature+`":}`) + len(sig)
	out := canon[:len(canon)-1]
	if cap(canon)-len(canon) < member {
		out = make([]byte, 0, len(canon)+member)
		out = append(out, canon[:len(canon)-1]...)
	}
	if len(canon) > 2 {
		out = append(out, ',')
	}
	out = append(out, `"`+memberSignature+`":`...)
	out = append(out, sig...)
	return append(out, '}'), nil
}
