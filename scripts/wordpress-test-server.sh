#!/usr/bin/env bash
# A real WordPress for castwire's WordPress tests: Debian's `wordpress` package (6.1) under its own
# Apache instance (mod_php) on http://127.0.0.1:8089 only, with the machine's MariaDB.
#
# Usage: bash scripts/wordpress-test-server.sh        (as root; Debian 12)
#
# Prints {"url":...,"user":...,"appPassword":...} and keeps it in $STATE/credentials.json (mode 600).
# The Application Password belongs to a throwaway site bound to loopback; it is still a credential:
# callers that log this script's output should send stdout to /dev/null and read the file.
#
# Idempotent. The first run installs packages (apt-get update only when one is missing), creates the
# database, installs WordPress through its own PHP functions (no wp-cli here) and issues an
# Application Password; later runs re-check everything, restart Apache only when it is down or its
# configuration changed, and keep the credentials unless they no longer authenticate.
#
# What it touches outside $STATE: the packages, database and user `castwire_wp` in MariaDB,
# /etc/wordpress/config-127.0.0.1.php and WordPress's uploads under /var/lib/wordpress/wp-content.
# The system Apache (port 80, /etc/apache2) is left alone: this Apache has its own ServerRoot in
# $STATE/apache and is stopped with  APACHE_CONFDIR=$STATE/apache apache2ctl stop
#
# Environment:
#   CASTWIRE_WP_STATE   state folder (default /var/tmp/castwire-wordpress). One server per machine:
#                       the port, the database and the WordPress config are fixed.
# Exit status: 0 ready; 77 cannot run here (not root, no apt-get); 1 anything else.
set -euo pipefail

STATE=${CASTWIRE_WP_STATE:-/var/tmp/castwire-wordpress}
HOST=127.0.0.1
PORT=8089
URL="http://$HOST:$PORT"
DB=castwire_wp
DB_USER=castwire_wp
WP_USER=castwire
WP_CONFIG=/etc/wordpress/config-$HOST.php
APACHE_DIR=$STATE/apache
CREDS=$STATE/credentials.json
# php-cli and curl come with these on Debian 12; named so a slimmer image still gets them. The theme
# (a Recommends, not installed by --no-install-recommends) lets a person look at the posts.
PACKAGES=(wordpress wordpress-theme-twentytwentythree apache2 libapache2-mod-php php-mysql php-cli curl)

log() { echo "wordpress-test-server: $*" >&2; }
die() { log "$*"; exit 1; }

[ "$(id -u)" = 0 ] || { log "needs root (installs packages, writes /etc/wordpress)"; exit 77; }

umask 022
install -d -m 755 "$STATE" "$STATE/mu-plugins" "$APACHE_DIR" "$APACHE_DIR/run" "$APACHE_DIR/lock"
# two test JVMs starting at once must not both install, or revoke each other's password
exec 9>"$STATE/.lock"
flock -w 600 9 || die "another run holds $STATE/.lock"

# Writes stdin to a file only when the content differs; prints "changed" when it wrote.
put() {
  local file=$1 mode=$2 owner=$3 tmp
  tmp=$(mktemp "$file.XXXXXX")
  cat >"$tmp"
  chmod "$mode" "$tmp"
  chown "$owner" "$tmp"
  if [ -f "$file" ] && cmp -s "$tmp" "$file"; then
    rm -f "$tmp"
  else
    mv -f "$tmp" "$file"
    echo changed
  fi
}

hex() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }

# --- packages -----------------------------------------------------------------------------------
missing=()
for p in "${PACKAGES[@]}"; do
  [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)" = "install ok installed" ] || missing+=("$p")
done
[ -x /usr/sbin/mariadbd ] || missing+=(mariadb-server)
if ((${#missing[@]})); then
  command -v apt-get >/dev/null || { log "apt-get is not available to install ${missing[*]}"; exit 77; }
  log "installing ${missing[*]}"
  # The packages' scripts would start the system Apache on port 80; only our own instance may run.
  # A policy-rc.d that forbids starts is put in place for the install, unless one exists already.
  own_policy=
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    own_policy=1
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt_opts=(-q -y -o DPkg::Lock::Timeout=300 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
  { apt-get "${apt_opts[@]}" update && apt-get "${apt_opts[@]}" install --no-install-recommends "${missing[@]}"; } \
    >"$STATE/apt.log" 2>&1 || { tail -n 30 "$STATE/apt.log" >&2; die "apt-get failed (log: $STATE/apt.log)"; }
  if [ -n "$own_policy" ]; then
    rm -f /usr/sbin/policy-rc.d
    trap - EXIT
  fi
fi
PHP_MODULE=$(ls /usr/lib/apache2/modules/libphp*.so 2>/dev/null | head -n 1)
[ -n "$PHP_MODULE" ] || die "mod_php is not installed (libapache2-mod-php)"

# --- MariaDB ------------------------------------------------------------------------------------
db_up() { mysqladmin --protocol=socket -uroot status >/dev/null 2>&1; }
if ! db_up; then
  log "starting MariaDB"
  install -d -o mysql -g mysql /run/mysqld
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd 9>&-
  for _ in $(seq 1 100); do db_up && break; sleep 0.2; done
  db_up || die "MariaDB does not answer on its socket"
fi

# Generated once; the salts only sign cookies, the DB password only links WordPress to MariaDB.
if [ ! -s "$STATE/secrets" ]; then
  {
    echo "DB_PASSWORD=$(hex 18)"
    for k in AUTH_KEY SECURE_AUTH_KEY LOGGED_IN_KEY NONCE_KEY AUTH_SALT SECURE_AUTH_SALT LOGGED_IN_SALT NONCE_SALT; do
      echo "$k=$(hex 32)"
    done
  } | put "$STATE/secrets" 600 root:root >/dev/null
fi
# shellcheck disable=SC1091
. "$STATE/secrets"

mysql --protocol=socket -uroot <<SQL
CREATE DATABASE IF NOT EXISTS $DB CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS '$DB_USER'@'localhost' IDENTIFIED BY '$DB_PASSWORD';
ALTER USER '$DB_USER'@'localhost' IDENTIFIED BY '$DB_PASSWORD';
GRANT ALL PRIVILEGES ON $DB.* TO '$DB_USER'@'localhost';
SQL

# --- WordPress configuration ---------------------------------------------------------------------
# Debian's wp-config.php picks /etc/wordpress/config-<host>.php from the request's Host header.
install -d -m 755 /etc/wordpress
{
  cat <<PHP
<?php
// Written by castwire's scripts/wordpress-test-server.sh (a WordPress for tests on $URL): rewritten on each run.
define('DB_NAME', '$DB');
define('DB_USER', '$DB_USER');
define('DB_PASSWORD', '$DB_PASSWORD');
define('DB_HOST', 'localhost:/run/mysqld/mysqld.sock');
define('DB_CHARSET', 'utf8mb4');
define('WP_HOME', '$URL');
define('WP_SITEURL', '$URL');
define('WP_CONTENT_DIR', '/var/lib/wordpress/wp-content');
define('WP_CONTENT_URL', '$URL/wp-content');
// the upload types plugin lives with this server's state, not in the machine-wide wp-content
define('WPMU_PLUGIN_DIR', '$STATE/mu-plugins');
// Application Passwords need HTTPS unless the environment is 'local'
define('WP_ENVIRONMENT_TYPE', 'local');
// no internet here: update checks and pings would only wait for time-outs
define('WP_HTTP_BLOCK_EXTERNAL', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
define('DISABLE_WP_CRON', true);
PHP
  for k in AUTH_KEY SECURE_AUTH_KEY LOGGED_IN_KEY NONCE_KEY AUTH_SALT SECURE_AUTH_SALT LOGGED_IN_SALT NONCE_SALT; do
    echo "define('$k', '${!k}');"
  done
  echo "\$table_prefix = 'wp_';"
} | put "$WP_CONFIG" 640 root:www-data >/dev/null

put "$STATE/mu-plugins/castwire-upload-types.php" 644 root:root >/dev/null <<'PHP'
<?php
/*
 * castwire test server: the upload types castwire publishes (mp3, m4a, mp4, png are core types).
 * SRT must be registered as text/plain: PHP's fileinfo reads it as text/plain and WordPress
 * refuses a file whose content does not match its declared type. SCC stays refused, as on a
 * stock WordPress, so castwire's per-attachment refusal path runs against the real thing.
 */
add_filter('upload_mimes', function ($mimes) {
    $mimes['srt'] = 'text/plain';
    $mimes['vtt'] = 'text/vtt';
    unset($mimes['scc']);
    return $mimes;
});
PHP

# --- Apache: a private instance, loopback only -----------------------------------------------------
put "$APACHE_DIR/envvars" 644 root:root >/dev/null <<ENV
# read by apache2ctl when APACHE_CONFDIR=$APACHE_DIR
export APACHE_RUN_USER=www-data
export APACHE_RUN_GROUP=www-data
export APACHE_RUN_DIR=$APACHE_DIR/run
export APACHE_LOCK_DIR=$APACHE_DIR/lock
export APACHE_LOG_DIR=$APACHE_DIR
export APACHE_PID_FILE=$APACHE_DIR/run/apache2.pid
export LANG=C
ENV
apache_conf_changed=$(put "$APACHE_DIR/apache2.conf" 644 root:root <<CONF
# castwire's WordPress for tests: its own Apache (ServerRoot $APACHE_DIR), nothing but $URL.
ServerName $HOST
Listen $HOST:$PORT
PidFile $APACHE_DIR/run/apache2.pid
DefaultRuntimeDir $APACHE_DIR/run
Mutex file:$APACHE_DIR/lock default
User www-data
Group www-data
ErrorLog $APACHE_DIR/error.log
LogLevel warn
LogFormat "%h %t \"%r\" %>s %b %D" castwire
CustomLog $APACHE_DIR/access.log castwire

LoadModule mpm_prefork_module /usr/lib/apache2/modules/mod_mpm_prefork.so
LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so
LoadModule mime_module /usr/lib/apache2/modules/mod_mime.so
LoadModule dir_module /usr/lib/apache2/modules/mod_dir.so
LoadModule alias_module /usr/lib/apache2/modules/mod_alias.so
LoadModule rewrite_module /usr/lib/apache2/modules/mod_rewrite.so
LoadModule php_module $PHP_MODULE

StartServers 2
MinSpareServers 2
MaxSpareServers 6
MaxRequestWorkers 20
TypesConfig /etc/mime.types
Timeout 120

# uploads (captions, covers, a few MB of audio) must pass PHP's limits; Debian's default is 2 MB
php_admin_value upload_max_filesize 64M
php_admin_value post_max_size 64M
php_admin_value memory_limit 256M
php_admin_value max_execution_time 120

DocumentRoot /usr/share/wordpress
Alias /wp-content /var/lib/wordpress/wp-content
<Directory />
    AllowOverride None
    Require all denied
</Directory>
<Directory /usr/share/wordpress>
    Options FollowSymLinks
    AllowOverride None
    Require all granted
    DirectoryIndex index.php
    # pretty permalinks (/wp-json/...), as WordPress's .htaccess would do
    RewriteEngine On
    RewriteBase /
    RewriteRule ^index\.php$ - [L]
    RewriteCond %{REQUEST_FILENAME} !-f
    RewriteCond %{REQUEST_FILENAME} !-d
    RewriteRule . /index.php [L]
</Directory>
<Directory /var/lib/wordpress/wp-content>
    Options FollowSymLinks
    Require all granted
</Directory>
<FilesMatch "\.php$">
    SetHandler application/x-httpd-php
</FilesMatch>
<Directory /var/lib/wordpress/wp-content/uploads>
    php_admin_flag engine off
</Directory>
CONF
)

# 9>&-: the daemon must not inherit (and hold forever) the lock of this run
apachectl_() { APACHE_CONFDIR=$APACHE_DIR APACHE_STARTED_BY_SYSTEMD=1 apache2ctl "$@" 9>&-; }
apache_pid() {
  local pid
  pid=$(cat "$APACHE_DIR/run/apache2.pid" 2>/dev/null) || return 1
  [ -n "$pid" ] && [ "$(readlink "/proc/$pid/exe" 2>/dev/null)" = /usr/sbin/apache2 ] && echo "$pid"
}
http_code() { curl -s -o /dev/null -m 10 -w '%{http_code}' "$@" || true; }
wait_http() {
  for _ in $(seq 1 100); do
    [ "$(http_code "$URL/wp-login.php")" != 000 ] && return 0
    sleep 0.1
  done
  tail -n 20 "$APACHE_DIR/error.log" >&2 2>/dev/null || true
  die "Apache does not answer on $URL"
}
if apache_pid >/dev/null; then
  if [ -n "$apache_conf_changed" ]; then
    log "Apache configuration changed; restarting"
    apachectl_ restart >&2
  fi
else
  if (exec 3<>"/dev/tcp/$HOST/$PORT") 2>/dev/null; then
    die "port $PORT is taken by another program; castwire's test WordPress needs it"
  fi
  log "starting Apache on $URL"
  apachectl_ start >&2
fi
wait_http

# --- site and credentials --------------------------------------------------------------------------
# Valid when the REST API (pretty permalinks) authenticates the Application Password.
creds_work() {
  [ -s "$CREDS" ] || return 1
  local user pass
  { read -r user && read -r pass; } < <(php -r '$c = json_decode(file_get_contents($argv[1]), true);
      echo ($c["user"] ?? ""), "\n", ($c["appPassword"] ?? ""), "\n";' "$CREDS" 2>/dev/null) || return 1
  [ -n "$user" ] && [ -n "$pass" ] || return 1
  [ "$(printf 'user = "%s:%s"\n' "$user" "$pass" | http_code -K - "$URL/wp-json/wp/v2/users/me?context=edit")" = 200 ]
}

if ! creds_work; then
  log "installing WordPress / issuing an Application Password"
  put "$STATE/bootstrap.php" 644 root:root >/dev/null <<'PHP'
<?php
// Installs the site if needed, makes sure the admin exists and issues a fresh Application Password.
[$self, $url, $login] = $argv;
$parts = parse_url($url);
$_SERVER['HTTP_HOST'] = $parts['host'] . ':' . $parts['port'];
$_SERVER['SERVER_NAME'] = $parts['host'];
$_SERVER['SERVER_PORT'] = (string) $parts['port'];
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['REQUEST_METHOD'] = 'GET';
define('WP_INSTALLING', true);
require '/usr/share/wordpress/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
add_filter('pre_wp_mail', '__return_false'); // no mail server here

if (!is_blog_installed()) {
    $r = wp_install('castwire test site', $login, $login . '@example.invalid', false, '', wp_generate_password(32, true, true));
    if (is_wp_error($r)) {
        fwrite(STDERR, 'wp_install failed: ' . $r->get_error_message() . "\n");
        exit(1);
    }
}
$user = get_user_by('login', $login);
if (!$user) {
    $id = wp_insert_user(['user_login' => $login, 'user_email' => $login . '@example.invalid',
        'user_pass' => wp_generate_password(32, true, true), 'role' => 'administrator']);
    if (is_wp_error($id)) {
        fwrite(STDERR, 'wp_insert_user failed: ' . $id->get_error_message() . "\n");
        exit(1);
    }
    $user = get_user_by('id', $id);
}
$user->set_role('administrator');
// through $wp_rewrite, so the rules are rebuilt for this structure (update_option alone is not enough)
global $wp_rewrite;
$wp_rewrite->set_permalink_structure('/%postname%/');
$wp_rewrite->flush_rules(false); // Apache already rewrites to index.php; no .htaccess to write

// Only reached when the old password stopped working: drop it rather than let passwords pile up.
WP_Application_Passwords::delete_all_application_passwords($user->ID);
$created = WP_Application_Passwords::create_new_application_password($user->ID, ['name' => 'castwire-tests']);
if (is_wp_error($created)) {
    fwrite(STDERR, 'create_new_application_password failed: ' . $created->get_error_message() . "\n");
    exit(1);
}
echo json_encode(['url' => $url, 'user' => $login, 'appPassword' => $created[0]], JSON_UNESCAPED_SLASHES), "\n";
PHP
  json=$(runuser -u www-data -- php "$STATE/bootstrap.php" "$URL" "$WP_USER") || die "WordPress bootstrap failed"
  printf '%s\n' "$json" | put "$CREDS" 600 root:root >/dev/null
  creds_work || die "the new Application Password does not authenticate at $URL/wp-json/ (see $APACHE_DIR/error.log)"
fi

cat "$CREDS"
