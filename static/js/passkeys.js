// Passkeys (WebAuthn) for staff: adding one on /accounts/two-factor/ and signing in with one at
// the sign-in's second step. The server hands out the options and checks the answers
// (experts/accounts/passkeys.py); this file only converts between JSON (base64url) and the ArrayBuffers
// navigator.credentials speaks. The translated messages come from the page's data-msg-* attributes.
(function () {
  "use strict";

  function toBuffer(text) {
    var base64 = text.replace(/-/g, "+").replace(/_/g, "/");
    while (base64.length % 4) base64 += "=";
    var binary = atob(base64);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes.buffer;
  }

  function toText(buffer) {
    if (!buffer) return null;
    var bytes = new Uint8Array(buffer);
    var binary = "";
    for (var i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function descriptors(list) {
    return (list || []).map(function (item) {
      return Object.assign({}, item, { id: toBuffer(item.id) });
    });
  }

  function creationOptions(options) {
    var key = options.publicKey;
    return {
      publicKey: Object.assign({}, key, {
        challenge: toBuffer(key.challenge),
        user: Object.assign({}, key.user, { id: toBuffer(key.user.id) }),
        excludeCredentials: descriptors(key.excludeCredentials),
      }),
    };
  }

  function requestOptions(options) {
    var key = options.publicKey;
    return {
      publicKey: Object.assign({}, key, {
        challenge: toBuffer(key.challenge),
        allowCredentials: descriptors(key.allowCredentials),
      }),
    };
  }

  function credentialJSON(credential) {
    var response = credential.response;
    var answer = {
      clientDataJSON: toText(response.clientDataJSON),
    };
    if (response.attestationObject) {
      answer.attestationObject = toText(response.attestationObject);
      answer.transports = response.getTransports ? response.getTransports() : [];
    } else {
      answer.authenticatorData = toText(response.authenticatorData);
      answer.signature = toText(response.signature);
      answer.userHandle = toText(response.userHandle);
    }
    return {
      id: credential.id,
      rawId: toText(credential.rawId),
      type: credential.type,
      authenticatorAttachment: credential.authenticatorAttachment || null,
      clientExtensionResults: credential.getClientExtensionResults ? credential.getClientExtensionResults() : {},
      response: answer,
    };
  }

  function post(url, body, token) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token },
      body: JSON.stringify(body),
    }).then(function (response) {
      return response
        .json()
        .catch(function () {
          return {};
        })
        .then(function (data) {
          if (!response.ok) {
            var error = new Error(data.error || "");
            error.redirect = data.redirect;
            throw error;
          }
          return data;
        });
    });
  }

  function setUp(box) {
    var status = box.querySelector("[data-passkey-status]");
    var form = box.querySelector("form");
    var button = form.querySelector("button");
    var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
    var nameInput = form.querySelector("input[name=name]");
    var registering = box.hasAttribute("data-passkey-register");

    function say(message) {
      status.textContent = message;
      status.hidden = !message;
    }

    function browserMessage(error) {
      if (error && error.name === "NotAllowedError") return box.dataset.msgCancelled;
      if (error && error.name === "InvalidStateError") return box.dataset.msgDuplicate;
      return (error && error.message) || box.dataset.msgFailed;
    }

    if (!window.PublicKeyCredential || !navigator.credentials) {
      say(box.dataset.msgUnsupported);
      box.hidden = false;
      button.disabled = true;
      return;
    }
    box.hidden = false;

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      say("");
      button.disabled = true;
      var start = registering
        ? post(box.dataset.optionsUrl, { name: nameInput.value }, token).then(function (options) {
            return navigator.credentials.create(creationOptions(options));
          })
        : post(box.dataset.optionsUrl, {}, token).then(function (options) {
            return navigator.credentials.get(requestOptions(options));
          });
      start
        .then(function (credential) {
          return post(box.dataset.url, credentialJSON(credential), token);
        })
        .then(function (done) {
          window.location.assign(done.redirect);
        })
        .catch(function (error) {
          button.disabled = false;
          say(browserMessage(error));
          if (error && error.redirect) window.location.assign(error.redirect);
        });
    });
  }

  document.querySelectorAll("[data-passkey-register], [data-passkey-sign-in]").forEach(setUp);
})();
