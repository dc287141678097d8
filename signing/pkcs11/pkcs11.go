//go:build cgo

package pkcs11

import (
	"crypto"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/ThalesGroup/crypto11"
	p11 "github.com/miekg/pkcs11"
)

// Key is a private key on a token, with the certificate the token holds
// for it, if any. It is a crypto.Signer, safe for concurrent use; Close
// ends its sessions.
type Key struct {
	ctx  *crypto11.Context
	key  crypto11.Signer
	cert *x509.Certificate
}

// Open loads cfg.Module, logs in to the token labelled cfg.TokenLabel with
// cfg.PIN and finds the private key labelled cfg.KeyLabel. Its errors are
// *Error, wrapping ErrModule, ErrToken, ErrPIN or ErrKey.
func Open(cfg Config) (*Key, error) {
	switch {
	case cfg.Module == "":
		return nil, moduleError(cfg.Module, errors.New("no module given"))
	case cfg.TokenLabel == "":
		return nil, tokenError(cfg, errors.New("no token label given"))
	case cfg.KeyLabel == "":
		return nil, keyError(cfg, errors.New("no key label given"))
	}
	if _, err := os.Stat(cfg.Module); err != nil {
		// crypto11 would only say that dlopen failed.
		return nil, moduleError(cfg.Module, err)
	}
	c := &crypto11.Config{Path: cfg.Module, TokenLabel: cfg.TokenLabel, Pin: cfg.PIN,
		MaxSessions: cfg.MaxSessions, PoolWaitTimeout: cfg.SessionWait}
	if c.MaxSessions == 0 {
		c.MaxSessions = defaultMaxSessions
	}
	if c.PoolWaitTimeout == 0 {
		c.PoolWaitTimeout = defaultSessionWait
	}
	ctx, err := crypto11.Configure(c)
	if err != nil {
		return nil, configureError(cfg, err)
	}
	keys, err := ctx.FindKeyPairs(nil, []byte(cfg.KeyLabel))
	if err != nil || len(keys) != 1 {
		ctx.Close()
		if err == nil {
			err = fmt.Errorf("%d private keys with the label", len(keys))
		}
		return nil, keyError(cfg, err)
	}
	k := &Key{ctx: ctx, key: keys[0]}
	// The certificate on the token with the key's label, if any: tokens
	// issued with a certificate keep it beside the key.
	if cert, err := ctx.FindCertificate(nil, []byte(cfg.KeyLabel), nil); err == nil && cert != nil {
		if pub, ok := k.key.Public().(interface{ Equal(crypto.PublicKey) bool }); ok && pub.Equal(cert.PublicKey) {
			k.cert = cert
		}
	}
	return k, nil
}

// configureError says which of the module, the token and the PIN failed.
func configureError(cfg Config, err error) error {
	var code p11.Error
	switch {
	case errors.As(err, &code) && (code == p11.CKR_PIN_INCORRECT || code == p11.CKR_PIN_INVALID || code == p11.CKR_PIN_LEN_RANGE):
		return &Error{Err: ErrPIN, cause: err, MessageEN: fmt.Sprintf("token %q refused the PIN: %v", cfg.TokenLabel, err),
			MessageVI: fmt.Sprintf("Thiết bị ký số %q không chấp nhận mã PIN. Đề nghị kiểm tra lại mã PIN trong tệp hoặc biến môi trường đã chỉ định; nhập sai nhiều lần thiết bị sẽ bị khóa.", cfg.TokenLabel)}
	case errors.As(err, &code) && code == p11.CKR_PIN_LOCKED:
		return &Error{Err: ErrPIN, cause: err, MessageEN: fmt.Sprintf("the PIN of token %q is locked: %v", cfg.TokenLabel, err),
			MessageVI: fmt.Sprintf("Mã PIN của thiết bị ký số %q đã bị khóa. Đề nghị liên hệ tổ chức cung cấp dịch vụ chứng thực chữ ký số để mở khóa.", cfg.TokenLabel)}
	case errors.As(err, &code), err.Error() == "could not find PKCS#11 token":
		// (crypto11 reports a missing token with an unexported error.)
		return tokenError(cfg, err)
	}
	return moduleError(cfg.Module, err)
}

func moduleError(module string, err error) error {
	return &Error{Err: ErrModule, cause: err, MessageEN: fmt.Sprintf("module %q: %v", module, err),
		MessageVI: fmt.Sprintf("Không nạp được thư viện PKCS #11 %q của thiết bị ký số. Đề nghị chỉ định đúng đường dẫn thư viện do nhà cung cấp thiết bị ký số cài đặt.", module)}
}

func tokenError(cfg Config, err error) error {
	return &Error{Err: ErrToken, cause: err, MessageEN: fmt.Sprintf("token %q in module %q: %v", cfg.TokenLabel, cfg.Module, err),
		MessageVI: fmt.Sprintf("Không tìm thấy thiết bị ký số có nhãn %q. Đề nghị cắm thiết bị ký số và kiểm tra nhãn của thiết bị.", cfg.TokenLabel)}
}

func keyError(cfg Config, err error) error {
	return &Error{Err: ErrKey, cause: err, MessageEN: fmt.Sprintf("key %q on token %q: %v", cfg.KeyLabel, cfg.TokenLabel, err),
		MessageVI: fmt.Sprintf("Không tìm thấy khóa bí mật có nhãn %q trên thiết bị ký số %q, hoặc có nhiều khóa cùng nhãn này. Đề nghị kiểm tra nhãn của khóa trên thiết bị.", cfg.KeyLabel, cfg.TokenLabel)}
}

// Public returns the public key.
func (k *Key) Public() crypto.PublicKey { return k.key.Public() }

// Sign signs digest on the token: with opts an *rsa.PSSOptions,
// RSASSA-PSS (CKM_RSA_PKCS_PSS); with another crypto.Hash on an RSA key,
// PKCS #1 v1.5; on an ECDSA key, ECDSA, returned in ASN.1 DER.
func (k *Key) Sign(rand io.Reader, digest []byte, opts crypto.SignerOpts) ([]byte, error) {
	sig, err := k.key.Sign(rand, digest, opts)
	if err != nil {
		return nil, fmt.Errorf("pkcs11: sign: %w", err)
	}
	return sig, nil
}

// Certificate returns the certificate the token holds with the key's
// label and public key, or nil when it holds none.
func (k *Key) Certificate() *x509.Certificate { return k.cert }

// Close logs out and ends the key's sessions with the token.
func (k *Key) Close() error { return k.ctx.Close() }
