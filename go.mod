module github.com/cbccvc/cbccvc-go

go 1.26

require github.com/google/go-cmp v0.7.0

require (
	github.com/google/uuid v1.6.0 // indirect
	github.com/santhosh-tekuri/jsonschema/v6 v6.0.3 // indirect
	golang.org/x/text v0.14.0 // indirect
)
