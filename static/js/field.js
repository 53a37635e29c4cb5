// At the customer's: check-in and check-out ask the phone for its position
// (docs/field-work.md). The time is always the server's; the position is sent only
// when the person allows it, and a refusal is recorded as such.
(function () {
  "use strict";

  const texts = document.getElementById("kam-field-texts");

  function say(name) {
    return (texts && texts.getAttribute("data-" + name)) || "";
  }

  function statusOf(form) {
    return form.querySelector("[data-kam-locate-status]");
  }

  function tell(form, message) {
    let status = statusOf(form);
    if (!status) {
      status = document.createElement("p");
      status.className = "small mt-2 mb-0";
      status.setAttribute("role", "status");
      form.appendChild(status);
    }
    status.textContent = message;
    status.classList.add("text-danger");
  }

  function submitWith(form, values) {
    Object.keys(values).forEach((name) => {
      form.elements[name].value = values[name];
    });
    form.setAttribute("data-kam-located", "");
    form.submit(); // does not fire "submit" again
  }

  function locate(form) {
    const buttons = form.querySelectorAll("button[type=submit]");
    buttons.forEach((each) => {
      each.disabled = true;
    });
    const status = statusOf(form);
    if (status) {
      status.textContent = say("locating");
    }
    if (!navigator.geolocation) {
      submitWith(form, { location: "unavailable" });
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (position) => {
        submitWith(form, {
          location: "given",
          latitude: position.coords.latitude,
          longitude: position.coords.longitude,
          accuracy: position.coords.accuracy,
        });
      },
      (error) => {
        const refused = error.code === error.PERMISSION_DENIED;
        submitWith(form, { location: refused ? "refused" : "unavailable" });
      },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 30000 },
    );
  }

  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (form.hasAttribute("data-kam-online-only") && !navigator.onLine) {
      event.preventDefault();
      tell(form, say("no-signal"));
      return;
    }
    if (form.hasAttribute("data-kam-locate") && !form.hasAttribute("data-kam-located")) {
      event.preventDefault();
      locate(form);
    }
  });

  // Back from the next page (the browser's page cache): the buttons work again.
  window.addEventListener("pageshow", () => {
    document.querySelectorAll("form[data-kam-located]").forEach((form) => {
      form.removeAttribute("data-kam-located");
      form.querySelectorAll("button[type=submit]").forEach((each) => {
        each.disabled = false;
      });
    });
  });
})();
