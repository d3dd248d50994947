// The live wall: replaces the screen with what the server sends, and counts the clocks.
// Served as a file (the Content-Security-Policy allows no inline script).
(function () {
  "use strict";
  var main = document.getElementById("wall");
  var skew = 0; // the server's clock minus this screen's, in milliseconds

  function learnSkew() {
    var screen = main.querySelector("[data-now]");
    var now = screen ? Date.parse(screen.getAttribute("data-now")) : NaN;
    skew = isNaN(now) ? 0 : now - Date.now();
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function minutes(seconds) { return Math.floor(seconds / 60) + ":" + pad(seconds % 60); }

  function tick() {
    var now = Date.now() + skew;
    main.querySelectorAll("[data-deadline]").forEach(function (el) {
      var left = Math.max(0, Date.parse(el.getAttribute("data-deadline")) - now);
      el.textContent = minutes(Math.ceil(left / 1000));
    });
    main.querySelectorAll("[data-since]").forEach(function (el) {
      var gone = Math.max(0, now - Date.parse(el.getAttribute("data-since")));
      el.textContent = minutes(Math.floor(gone / 1000));
    });
  }

  function show(html) {
    main.innerHTML = html; // rendered and escaped by the server's templates
    learnSkew();
    tick();
  }

  learnSkew();
  tick();
  setInterval(tick, 1000);
  var source = new EventSource(main.getAttribute("data-events"));
  source.addEventListener("wall", function (event) {
    show(event.data);
    main.setAttribute("data-live", "1"); // the stream is open: changes show from now on
  });
  source.addEventListener("gone", function (event) {
    source.close();
    document.body.classList.add("gone");
    main.textContent = event.data;
  });
}());
