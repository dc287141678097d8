package cms

import (
	"bytes"
	"crypto"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"math/big"
	"time"
)

// MaxTokenBytes is the largest time-stamp token Verify reads: a token with
// the TSA's chain is a few kilobytes.
const MaxTokenBytes = 64 << 10

var (
	// OIDTSTInfo is id-ct-TSTInfo, the content type of a time-stamp token.
	OIDTSTInfo        = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 1, 4}
	oidExtKeyUsage    = asn1.ObjectIdentifier{2, 5, 29, 37}
	oidKPTimeStamping = asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 3, 8}
)

// ErrTimeStamp marks an error about a time-stamp token; it comes with the
// sentinel of what failed.
var ErrTimeStamp = errors.New("time-stamp token not valid")

// TimeStamp is a verified RFC 3161 time-stamp token.
type TimeStamp struct {
	Time      time.Time     // genTime: when the TSA saw the signature value
	Accuracy  time.Duration // zero when the token does not say
	Authority *x509.Certificate
	Chains    [][]*x509.Certificate // the TSA's chains to the roots
	Hash      crypto.Hash           // of the message imprint
	Serial    *big.Int
	Policy    asn1.ObjectIdentifier
}

// tstInfo is TSTInfo (RFC 3161 §2.4.2).
type tstInfo struct {
	Version        int
	Policy         asn1.ObjectIdentifier
	MessageImprint messageImprint
	SerialNumber   *big.Int
	GenTime        time.Time        `asn1:"generalized"`
	Accuracy       accuracy         `asn1:"optional"`
	Ordering       bool             `asn1:"optional,default:false"`
	Nonce          *big.Int         `asn1:"optional"`
	TSA            asn1.RawValue    `asn1:"optional,tag:0"`
	Extensions     []pkix.Extension `asn1:"optional,tag:1"`
}

type messageImprint struct {
	HashAlgorithm pkix.AlgorithmIdentifier
	HashedMessage []byte
}

type accuracy struct {
	Seconds int64 `asn1:"optional"`
	Millis  int64 `asn1:"optional,tag:0"`
	Micros  int64 `asn1:"optional,tag:1"`
}

// ParseTSTInfo reads the TSTInfo of a token, unverified: its time, the
// hash and hashed message of its imprint, and its nonce. A client uses it
// to check that a TSA answered the question it asked.
func ParseTSTInfo(token []byte) (genTime time.Time, h crypto.Hash, hashed []byte, nonce *big.Int, err error) {
	p7, err := parse(token)
	if err != nil {
		return time.Time{}, 0, nil, nil, err
	}
	info, err := parseTSTInfo(p7.Content)
	if err != nil {
		return time.Time{}, 0, nil, nil, err
	}
	h, err = hashOf(info.MessageImprint.HashAlgorithm.Algorithm)
	if err != nil {
		return time.Time{}, 0, nil, nil, err
	}
	return info.GenTime, h, info.MessageImprint.HashedMessage, info.Nonce, nil
}

func parseTSTInfo(der []byte) (*tstInfo, error) {
	var info tstInfo
	if rest, err := asn1.Unmarshal(der, &info); err != nil || len(rest) != 0 {
		return nil, fmt.Errorf("%w: TSTInfo: %v", ErrMalformed, err)
	}
	if info.Version != 1 {
		return nil, fmt.Errorf("%w: TSTInfo version %d", ErrMalformed, info.Version)
	}
	return &info, nil
}

// verifyTimeStamp checks an RFC 3161 time-stamp token over the signature
// value sig: its structure (one signer, content type id-ct-TSTInfo, the
// TSA's certificate in it), the algorithms (DefaultAccept, key sizes),
// the message digest and signature of the token, that its message imprint
// is the hash of sig, that the TSA's certificate has the extended key usage
// id-kp-timeStamping alone and critical (RFC 3161 §2.3), chains to
// opts.TSARoots (or opts.Roots) at opts.At and was valid at the token's
// time, and that this time is not after opts.At (within opts.Skew).
func verifyTimeStamp(token, sig []byte, opts Options) (ts *TimeStamp, err error) {
	wrap := func(err error) error { return fmt.Errorf("%w: %w", ErrTimeStamp, err) }
	if len(token) > MaxTokenBytes {
		return nil, wrap(fmt.Errorf("%w: %d bytes, more than %d", ErrMalformed, len(token), MaxTokenBytes))
	}
	p7, err := parse(token)
	if err != nil {
		return nil, wrap(err)
	}
	if len(p7.Signers) != 1 {
		return nil, wrap(fmt.Errorf("%w: %d signers, want 1", ErrMalformed, len(p7.Signers)))
	}
	si := signerOf(p7)
	tsa := p7.GetOnlySigner()
	if tsa == nil {
		return nil, wrap(fmt.Errorf("%w: the TSA's certificate is not in the token", ErrMalformed))
	}
	alg, salt, err := signerAlgorithm(si.DigestAlgorithm, si.SignatureAlgorithm, tsa.PublicKey)
	if err != nil {
		return nil, wrap(err)
	}
	if !DefaultAccept(alg) {
		return nil, wrap(fmt.Errorf("%w: %v", ErrWeakAlgorithm, alg))
	}
	if err := CheckKey(tsa, opts.MinRSABits); err != nil {
		return nil, wrap(err)
	}
	attrs, err := checkSignedAttributes(si, OIDTSTInfo, p7.Content, alg.Hash)
	if err != nil {
		return nil, wrap(err)
	}
	if err := checkSignature(tsa.PublicKey, alg, salt, attrs.raw, si.EncryptedDigest); err != nil {
		return nil, wrap(err)
	}
	info, err := parseTSTInfo(p7.Content)
	if err != nil {
		return nil, wrap(err)
	}
	h, err := hashOf(info.MessageImprint.HashAlgorithm.Algorithm)
	if err != nil {
		return nil, wrap(fmt.Errorf("message imprint: %w", err))
	}
	hh := h.New()
	hh.Write(sig)
	if !bytes.Equal(hh.Sum(nil), info.MessageImprint.HashedMessage) {
		return nil, wrap(fmt.Errorf("%w: the token is over other data than the signature value", ErrDigestMismatch))
	}
	if err := checkTimeStampingEKU(tsa); err != nil {
		return nil, wrap(err)
	}
	roots := opts.TSARoots
	if roots == nil {
		roots = opts.Roots
	}
	var others []*x509.Certificate
	for _, c := range p7.Certificates {
		if c != tsa {
			others = append(others, c)
		}
	}
	chains, err := verifyChain(tsa, others, roots, opts, x509.ExtKeyUsageTimeStamping)
	if err != nil {
		return nil, wrap(err)
	}
	at := info.GenTime
	if at.Before(tsa.NotBefore) || at.After(tsa.NotAfter) {
		return nil, wrap(fmt.Errorf("%w: time %s is outside the TSA certificate's validity", ErrExpired, at.Format(time.RFC3339)))
	}
	if at.After(opts.At.Add(opts.Skew)) {
		return nil, wrap(fmt.Errorf("%w: time %s is after the verification time %s", ErrUntrusted,
			at.Format(time.RFC3339), opts.At.Format(time.RFC3339)))
	}
	acc := time.Duration(info.Accuracy.Seconds)*time.Second + time.Duration(info.Accuracy.Millis)*time.Millisecond +
		time.Duration(info.Accuracy.Micros)*time.Microsecond
	return &TimeStamp{
		Time: at, Accuracy: acc, Authority: tsa, Chains: chains, Hash: h,
		Serial: info.SerialNumber, Policy: info.Policy,
	}, nil
}

// checkTimeStampingEKU requires what RFC 3161 §2.3 requires of a TSA's
// certificate: an extended key usage extension, critical, with
// id-kp-timeStamping as its only purpose.
func checkTimeStampingEKU(c *x509.Certificate) error {
	for _, e := range c.Extensions {
		if !e.Id.Equal(oidExtKeyUsage) {
			continue
		}
		if !e.Critical {
			return fmt.Errorf("%w: the TSA certificate's extended key usage is not critical", ErrUntrusted)
		}
		var purposes []asn1.ObjectIdentifier
		if rest, err := asn1.Unmarshal(e.Value, &purposes); err != nil || len(rest) != 0 {
			return fmt.Errorf("%w: the TSA certificate's extended key usage: %v", ErrMalformed, err)
		}
		if len(purposes) != 1 || !purposes[0].Equal(oidKPTimeStamping) {
			return fmt.Errorf("%w: the TSA certificate's extended key usage is %v, want id-kp-timeStamping alone", ErrUntrusted, purposes)
		}
		return nil
	}
	return fmt.Errorf("%w: the TSA certificate has no extended key usage id-kp-timeStamping", ErrUntrusted)
}
