package server

import (
	"appencorrect/internal/textguard"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
)

// ErrorBody is every error response: a short error and a message saying
// what is wrong, and for failures that are not the client's (limits,
// outages, failed checks) the stable code of apierror.
type ErrorBody struct {
	Status  string `json:"status"`
	Error   string `json:"error"`
	Message string `json:"message"`
	Code    string `json:"code,omitempty"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	buf, err := encodeJSON(v)
	if err != nil {
		http.Error(w, `{"status":"error","error":"Internal error","message":"response encoding failed"}`, http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, _ = w.Write(buf)
}

// encodeJSON renders v as every JSON answer is rendered (HTML characters
// escaped, a final newline): the body of writeJSON and the data of the
// stream's result event.
func encodeJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(true)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func writeError(w http.ResponseWriter, status int, short, message string) {
	writeJSON(w, status, ErrorBody{Status: "error", Error: short, Message: message})
}

// requestError is a client error found while reading a request.
type requestError struct {
	status  int
	short   string
	message string
}

func (e *requestError) Error() string { return e.message }

func badRequest(format string, args ...any) *requestError {
	return &requestError{status: http.StatusBadRequest, short: "Invalid request", message: fmt.Sprintf(format, args...)}
}

// writeRequestError answers err: a *requestError with its status and
// message (which say what is wrong with the client's input), anything else
// as a 400 with fixed wording, since its text could come from anywhere
// (an address, a library's error).
func writeRequestError(w http.ResponseWriter, err error) {
	var re *requestError
	if errors.As(err, &re) {
		writeError(w, re.status, re.short, re.message)
		return
	}
	writeError(w, http.StatusBadRequest, "Invalid request", "the request is not valid")
}

// decodeJSON reads exactly one JSON object into v, refusing other content
// types, unknown fields, trailing data and oversized bodies with a message
// that says which.
func decodeJSON(r *http.Request, v any) error {
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		return &requestError{http.StatusUnsupportedMediaType, "Unsupported content type", "send the body as JSON with Content-Type: application/json"}
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
		return &requestError{http.StatusUnsupportedMediaType, "Unsupported content type",
			fmt.Sprintf("Content-Type %q is not JSON; send the body as application/json", ct)}
	}
	// Read the whole (size-capped) body first: encoding/json would
	// replace invalid UTF-8 and unpaired surrogate escapes with U+FFFD,
	// and the text stored or checked would not be what the client sent.
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return bodyReadError(err)
	}
	if off, what := textguard.InvalidJSONText(body); off >= 0 {
		return badRequest("the body holds %s at byte %d; send UTF-8 text (surrogate pairs escaped together)", what, off)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		if err != nil {
			return jsonError(err)
		}
		return badRequest("the body must hold one JSON object and nothing after it")
	}
	return nil
}

// bodyReadError is the answer to a request body that could not be read:
// 413 over the size limit, else fixed wording, since a read error names
// the connection's addresses (read tcp 10.0.0.5:5006->...: i/o timeout)
// or the HTTP library's complaint, not the client's content.
func bodyReadError(err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return &requestError{http.StatusRequestEntityTooLarge, "Request too large", fmt.Sprintf("the body is over the limit of %d bytes", tooBig.Limit)}
	}
	return badRequest("could not read the request body")
}

func jsonError(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.EOF):
		return badRequest("the body is empty; send a JSON object such as {\"text\": \"...\"}")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return badRequest("malformed JSON: the body ends in the middle of a value")
	case errors.As(err, &syn):
		return badRequest("malformed JSON at byte %d: %s", syn.Offset, syn.Error())
	case errors.As(err, &typ):
		if typ.Field == "" {
			return badRequest("the body must be a JSON object, not %s", typ.Value)
		}
		return badRequest("field %q must be %s, not %s", typ.Field, jsonKind(typ.Type.Kind().String()), typ.Value)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return badRequest("unknown field %s", strings.TrimPrefix(err.Error(), "json: unknown field "))
	}
	return badRequest("malformed JSON: %s", err.Error())
}

func jsonKind(k string) string {
	switch k {
	case "string":
		return "a string"
	case "bool":
		return "true or false"
	case "map", "struct":
		return "an object"
	case "slice", "array":
		return "an array"
	case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64":
		return "a whole number"
	case "float32", "float64":
		return "a number"
	}
	return "of type " + k
}
