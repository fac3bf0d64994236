package io.cityops.dispatch;

import static io.cityops.dispatch.Html.escape;

/**
 * The server-rendered HTML: the sign-in form and the shells of the queue and incident pages, whose
 * content the script fills from the event stream. Every value written here goes through {@link
 * Html#escape}; the script reads its parameters from data attributes, since the CSP allows no
 * inline script.
 */
final class Pages {
    private Pages() {}

    static String login(String nonce, String message) {
        return head("Sign in", "login")
                + "<main class=\"login\"><h1>CityOps 城市运行 · dispatch console</h1>"
                + "<form method=\"post\" action=\"/login\" id=\"login\">"
                + "<input type=\"hidden\" name=\"nonce\" value=\""
                + escape(nonce)
                + "\">"
                + "<label>Username <input name=\"username\" id=\"username\" autocomplete=\"username\" required autofocus></label>"
                + "<label>Password <input name=\"password\" id=\"password\" type=\"password\" autocomplete=\"current-password\" required></label>"
                + (message == null
                        ? ""
                        : "<p class=\"error\" id=\"login-error\">" + escape(message) + "</p>")
                + "<button type=\"submit\" id=\"sign-in\">Sign in</button></form></main></body></html>";
    }

    static String queue(Sessions.Session s) {
        User u = s.user();
        return head("Queue", "queue", s, null)
                + header(s)
                + "<main>"
                + "<section id=\"escalations\" class=\"escalations\" hidden>"
                + "<h2>Escalations 升级</h2><ul id=\"escalation-list\"></ul></section>"
                + "<form class=\"filters\" id=\"filters\">"
                + select("f-district", "District")
                + select("f-department", "Department")
                + select("f-category", "Category")
                + "<label>Status <select id=\"f-status\">"
                + "<option value=\"active\">open work</option>"
                + "<option value=\"\">all</option>"
                + "<option>OPEN</option><option>ACKNOWLEDGED</option><option>ASSIGNED</option>"
                + "<option>ON_SITE</option><option>RESOLVED</option><option>CLOSED</option>"
                + "<option>SUPPRESSED</option></select></label>"
                + "<span id=\"count\" class=\"count\"></span>"
                + "</form>"
                + "<p class=\"scope\">Queue of "
                + escape(scope(u))
                + ", most severe first, then least time left.</p>"
                + "<table id=\"queue\"><thead><tr><th>Severity</th><th>Status</th><th>Incident</th>"
                + "<th>District</th><th>Departments</th><th>Category</th><th>Deadline</th>"
                + "<th>Time left</th></tr></thead><tbody></tbody></table>"
                + "<p id=\"empty\" class=\"empty\" hidden>No incident matches.</p>"
                + "</main></body></html>";
    }

    static String incident(Sessions.Session s, String id) {
        return head("Incident", "incident", s, id)
                + header(s)
                + "<main><p><a href=\"/queue\">← queue</a></p>"
                + "<p id=\"missing\" class=\"error\" hidden>This incident is not (or no longer) in your scope.</p>"
                + "<article id=\"detail\" hidden>"
                + "<h1><span id=\"severity\" class=\"badge\"></span> <span id=\"title\"></span></h1>"
                + "<p><span id=\"status\" class=\"status\"></span> <span id=\"deadline\" class=\"deadline\"></span></p>"
                + "<section id=\"actions\" class=\"actions\"><h2>Actions</h2>"
                + "<div id=\"buttons\"></div>"
                + "<label id=\"assignee-label\">Assignee <input id=\"assignee\" maxlength=\"128\" placeholder=\"team or person, for Assign\"></label>"
                + "<label>Note <input id=\"note\" maxlength=\"2000\" placeholder=\"optional\"></label>"
                + "<p id=\"action-result\" class=\"result\" role=\"status\"></p></section>"
                + "<section><h2>Facts</h2><dl id=\"facts\"></dl></section>"
                + "<section><h2>Evidence</h2><table id=\"evidence\"><thead><tr><th>Stream</th><th>Ref</th><th>Time</th></tr></thead><tbody></tbody></table></section>"
                + "<section><h2>Timeline</h2><ol id=\"timeline\"></ol></section>"
                + "</article></main></body></html>";
    }

    static String scope(User u) {
        return (u.department().equals(User.ALL) ? "all departments" : u.department())
                + " in "
                + (u.districts().contains(User.ALL)
                        ? "all districts"
                        : String.join(", ", new java.util.TreeSet<>(u.districts())));
    }

    private static String select(String id, String label) {
        return "<label>"
                + label
                + " <select id=\""
                + id
                + "\"><option value=\"\">all</option></select></label>";
    }

    private static String header(Sessions.Session s) {
        User u = s.user();
        return "<header><a class=\"brand\" href=\"/queue\">CityOps 调度台</a>"
                + "<span id=\"live\" class=\"live\">connecting…</span>"
                + "<span class=\"who\" id=\"who\">"
                + escape(u.username())
                + " · "
                + escape(u.role().label())
                + " · "
                + escape(scope(u))
                + "</span>"
                + "<form method=\"post\" action=\"/logout\" class=\"logout\">"
                + "<input type=\"hidden\" name=\"csrf\" value=\""
                + escape(s.csrf())
                + "\"><button type=\"submit\" id=\"sign-out\">Sign out</button></form></header>";
    }

    private static String head(String title, String page) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>"
                + escape(title)
                + " · CityOps</title><link rel=\"stylesheet\" href=\"/static/console.css\">"
                + "</head><body data-page=\""
                + page
                + "\">";
    }

    private static String head(String title, String page, Sessions.Session s, String incident) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>"
                + escape(title)
                + " · CityOps</title><link rel=\"stylesheet\" href=\"/static/console.css\">"
                + "<script src=\"/static/console.js\" defer></script>"
                + "</head><body data-page=\""
                + page
                + "\" data-csrf=\""
                + escape(s.csrf())
                + "\" data-role=\""
                + escape(s.user().role().label())
                + "\""
                + (incident == null ? "" : " data-incident=\"" + escape(incident) + "\"")
                + ">";
    }
}
