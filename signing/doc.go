// Package signing signs and verifies packets (03-signing.md): a JSON packet
// carries a detached CMS SignedData over its canonical form in ChuKySo.
//
// An agency signs what it sends:
//
//	s, err := signing.NewSigner(key, chain) // key: any crypto.Signer; chain: its certificate, then intermediates
//	if err != nil {
//		return err
//	}
//	signed, err := s.Sign(ctx, packetJSON)
//
// and a receiver verifies before it trusts a single field:
//
//	v := &signing.Verifier{Policy: signing.Policy{Roots: roots}} // the caller's trust store
//	got, err := v.Verify(ctx, signed)
//	switch {
//	case errors.Is(err, signing.ErrDigestMismatch):
//		// the packet changed after it was signed
//	case errors.Is(err, signing.ErrSignerNotSender):
//		// a good signature by someone other than MaDonViGui
//	case err != nil:
//		return err
//	}
//	use(got.Packet) // decoded from got.Canonical, the bytes that were verified
//
// # The signed bytes
//
// The signature covers the packet without its ChuKySo member, canonicalised
// by RFC 8785 (JCS; see Canonical), so whitespace, key order and number
// spelling may change in transit; any change of a value is a digest mismatch.
// Sign returns that canonical form with ChuKySo added as its last member:
// the input's layout is not kept, and what is sent is exactly what was
// signed. ChuKySo is {"DinhDang":"CMS","GiaTri":"<base64 DER>"}: a detached
// SignedData, SHA-256, one signer, signed attributes content-type (id-data),
// message-digest and signing-time, the signer's certificate and intermediates
// in certificates. `openssl cms -verify -binary -inform DER -content
// canonical.bin` accepts it, and Verify accepts what `openssl cms -sign
// -binary -md sha256` makes over the canonical bytes.
//
// # What Verify checks
//
// The structure of the SignedData (one signer, detached, content type id-data,
// at most 1 MiB), the algorithms (SHA-256/384/512 with RSA PKCS #1 v1.5 of at
// least Policy.MinRSABits or ECDSA of at least 256 bits; SHA-1, MD5 and short
// keys are ErrWeakAlgorithm), the message digest, the signer's chain to
// Policy.Roots — never the system's roots — at Policy.Now, the key usage
// digitalSignature or nonRepudiation, the signature value, and that the
// signer is the sender (Policy.MatchSigner, by default MatchAgencyCode: an
// agency code in the certificate's subject UID, OU or serialNumber or in a
// SAN URI urn:vn:gov:madinhdanh:<code> equals MaDonViGui).
//
// The chain is checked at the verifier's clock, not at the signing-time
// attribute, which only the signer asserts; that attribute must fall within
// the signer's validity and is returned as Verified.SignedAt.
//
// # Not yet supported
//
// XML packets (enveloped XML-DSig), RSASSA-PSS and the TT15 profile, RFC 3161
// time-stamps (and so verifying at a vouched-for signing time), revocation
// (OCSP, CRL), clock-skew tolerance and loading PKCS #12 files. The package
// signingtest makes a test PKI.
package signing
