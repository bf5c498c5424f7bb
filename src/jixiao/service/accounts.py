"""Sign-in (passwords, sessions, tokens) and administration (users, departments, cycles,
schemes, the audit log)."""

from __future__ import annotations

import threading
import time
from collections import deque
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from jixiao.scoring import ScoringError, available_schemes, load_scheme, parse_scheme
from jixiao.service.access import Actor, Perm, Role, require
from jixiao.service.base import ServiceBase
from jixiao.service.errors import Conflict, Forbidden, Invalid, NotFound, Throttled, Unauthorized
from jixiao.service.security import (
    check_csrf,
    csrf_token,
    hash_password,
    new_session_key,
    new_token,
    password_problem,
    sha256_hex,
    verify_password,
)
from jixiao.service.types import (
    AuditInfo,
    CycleInfo,
    DepartmentInfo,
    Me,
    NewToken,
    SchemeInfo,
    TokenInfo,
    UserInfo,
)
from jixiao.store import models as m
from jixiao.store.models import jload, utcnow

_BAD_LOGIN = "用户名或密码错误"


class AccountsMixin(ServiceBase):
    _ip_failures: dict[str, deque[float]]
    _ip_lock = threading.Lock()
    _auth_lock = threading.Lock()
    _auth_cache: dict[str, tuple[float, Actor]]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._auth_cache = {}

    # -- sign-in ----------------------------------------------------------------------

    def login(self, name: str, password: str, address: str = "") -> tuple[Actor, str]:
        """Check a password; return the actor and a new browser session key.

        Throttled: after ``login_attempts`` consecutive failures a user is locked out for
        a while (doubling up to a cap), and an address with many failures is refused.
        """
        self._check_address(address)
        now = utcnow()
        with self.store.write() as s:
            user = s.scalar(select(m.User).where(m.User.name == name.strip()))
            if user is not None and user.locked_until is not None and user.locked_until > now:
                wait = int((user.locked_until - now).total_seconds()) + 1
                raise Throttled(f"登录失败次数过多，请 {wait} 秒后再试")
            ok = verify_password(user.password_hash if user else None, password)
            if not ok or user is None or not user.active:
                if user is not None:
                    user.failed_logins += 1
                    extra = user.failed_logins - self.settings.login_attempts
                    if extra >= 0:
                        seconds = min(
                            self.settings.lockout_seconds * 2**extra,
                            self.settings.lockout_max_seconds,
                        )
                        user.locked_until = now + timedelta(seconds=seconds)
                failed = True
            else:
                failed = False
                user.failed_logins = 0
                user.locked_until = None
                key = new_session_key()
                s.add(
                    m.WebSession(
                        key_hash=sha256_hex(key),
                        user_id=user.id,
                        created_at=now,
                        expires_at=now + timedelta(hours=self.settings.session_hours),
                    )
                )
                actor = self._actor_of(s, user)
                self._audit(s, actor, "login", "user", user.id)
        if failed:
            self._note_failure(address)
            raise Unauthorized(_BAD_LOGIN)
        return actor, key

    def _check_address(self, address: str) -> None:
        if not address:
            return
        with self._ip_lock:
            q = self._failures().get(address)
            if q is None:
                return
            cutoff = time.monotonic() - self.settings.ip_window_seconds
            while q and q[0] < cutoff:
                q.popleft()
            if len(q) >= self.settings.ip_failures:
                raise Throttled("该地址登录失败次数过多，请稍后再试")

    def _failures(self) -> dict[str, deque[float]]:
        if not hasattr(self, "_ip_failures"):
            self._ip_failures = {}
        return self._ip_failures

    def _note_failure(self, address: str) -> None:
        if address:
            with self._ip_lock:
                self._failures().setdefault(address, deque()).append(time.monotonic())

    def logout(self, session_key: str) -> None:
        with self.store.write() as s:
            row = s.scalar(
                select(m.WebSession).where(m.WebSession.key_hash == sha256_hex(session_key))
            )
            if row is not None:
                s.delete(row)
        self.forget_sign_ins()

    def actor_for_session(self, session_key: str | None) -> Actor | None:
        """The signed-in user of a browser session key, or None (unknown, expired, inactive)."""
        return self._signed_in("s", session_key)

    def actor_for_token(self, token: str | None) -> Actor | None:
        """The owner of a personal API token, or None (unknown, revoked, inactive)."""
        return self._signed_in("t", token)

    def remembered_actor(self, kind: str, secret: str | None) -> Actor | None:
        """The user behind a session key (``s``) or token (``t``) if remembered from a recent
        request, else None; never queries the store (so it may run on the event loop)."""
        return self._cached(f"{kind}:{sha256_hex(secret)}") if secret else None

    def _signed_in(self, kind: str, secret: str | None) -> Actor | None:
        """The user behind a session key (``s``) or a token (``t``), found by its SHA-256."""
        if not secret:
            return None
        digest = sha256_hex(secret)
        key = f"{kind}:{digest}"
        hit = self._cached(key)
        if hit is not None:
            return hit
        with self.store.read() as s:
            expires: datetime | None = None
            if kind == "s":
                ses = s.scalar(select(m.WebSession).where(m.WebSession.key_hash == digest))
                if ses is None or ses.expires_at <= utcnow():
                    return None
                user_id, expires = ses.user_id, ses.expires_at
            else:
                tok = s.scalar(select(m.ApiToken).where(m.ApiToken.token_hash == digest))
                if tok is None or tok.revoked_at is not None:
                    return None
                user_id = tok.user_id
            user = s.get(m.User, user_id)
            if user is None or not user.active:
                return None
            return self._remember(key, self._actor_of(s, user), expires)

    # Who a token or session is, remembered for a few seconds (``auth_cache_seconds``):
    # most requests then need no sign-in queries. A change made through this process
    # (revocation, sign-out, users, departments) forgets everything at once; other worker
    # processes notice within the TTL.

    def _cached(self, key: str) -> Actor | None:
        with self._auth_lock:
            hit = self._auth_cache.get(key)
        if hit is None or hit[0] <= time.monotonic():
            return None
        return hit[1]

    def _remember(self, key: str, actor: Actor, expires_at: datetime | None) -> Actor:
        ttl = self.settings.auth_cache_seconds
        if expires_at is not None:
            ttl = min(ttl, (expires_at - utcnow()).total_seconds())
        if ttl > 0:
            with self._auth_lock:
                if len(self._auth_cache) > 10_000:
                    self._auth_cache.clear()
                self._auth_cache[key] = (time.monotonic() + ttl, actor)
        return actor

    def forget_sign_ins(self) -> None:
        """Drop the remembered sign-ins (after a change to users, tokens or departments)."""
        with self._auth_lock:
            self._auth_cache.clear()

    def csrf_token(self, session_key: str) -> str:
        """The CSRF token to put in every state-changing form of this browser session."""
        return csrf_token(self.secret, session_key)

    def check_csrf(self, session_key: str, token: str | None) -> bool:
        return check_csrf(self.secret, session_key, token)

    def me(self, actor: Actor) -> Me:
        if actor.user_id is None:
            raise Unauthorized("请先登录")
        with self.store.read() as s:
            user = s.get(m.User, actor.user_id)
            if user is None:
                raise Unauthorized("请先登录")
            from jixiao.service.access import allowed

            perms = [p.value for p in Perm if allowed(actor, p, actor.department_id)]
            return Me(**self._user_info(user).model_dump(), permissions=perms)

    def change_password(self, actor: Actor, old: str, new: str) -> None:
        if actor.user_id is None:
            raise Unauthorized("请先登录")
        problem = password_problem(new)
        if problem:
            raise Invalid(problem)
        with self.store.write() as s:
            user = s.get(m.User, actor.user_id)
            if user is None or not verify_password(user.password_hash, old):
                raise Forbidden("原密码不正确")
            user.password_hash = hash_password(new)
            self._audit(s, actor, "change_password", "user", user.id)

    # -- tokens -----------------------------------------------------------------------

    def create_token(self, actor: Actor, name: str = "") -> NewToken:
        """A new personal API token for the actor; the token itself is shown only now."""
        if actor.user_id is None:
            raise Unauthorized("请先登录")
        if len(name) > 100:
            raise Invalid("令牌名称过长（最多 100 个字符）")
        token = new_token()
        with self.store.write() as s:
            row = m.ApiToken(
                user_id=actor.user_id,
                name=name.strip(),
                token_hash=sha256_hex(token),
                prefix=token[:8],
                created_at=utcnow(),
            )
            s.add(row)
            s.flush()
            self._audit(s, actor, "create_token", "api_token", row.id, after={"name": row.name})
            return NewToken(**self._token_info(row).model_dump(), token=token)

    def list_tokens(self, actor: Actor) -> list[TokenInfo]:
        if actor.user_id is None:
            raise Unauthorized("请先登录")
        with self.store.read() as s:
            rows = s.scalars(
                select(m.ApiToken)
                .where(m.ApiToken.user_id == actor.user_id)
                .order_by(m.ApiToken.id)
            )
            return [self._token_info(r) for r in rows]

    def revoke_token(self, actor: Actor, token_id: int) -> None:
        with self.store.write() as s:
            row = s.get(m.ApiToken, token_id)
            if row is None or (row.user_id != actor.user_id and not actor.is_system):
                raise NotFound(f"令牌 {token_id} 不存在")
            if row.revoked_at is None:
                row.revoked_at = utcnow()
                self._audit(s, actor, "revoke_token", "api_token", row.id)
        self.forget_sign_ins()

    @staticmethod
    def _token_info(r: m.ApiToken) -> TokenInfo:
        return TokenInfo(
            id=r.id,
            name=r.name,
            prefix=r.prefix,
            created_at=r.created_at,
            last_used_at=r.last_used_at,
            revoked=r.revoked_at is not None,
        )

    # -- departments ------------------------------------------------------------------

    def list_departments(self, actor: Actor | None) -> list[DepartmentInfo]:
        if actor is None:
            raise Unauthorized("请先登录")
        with self.store.read() as s:
            rows = s.scalars(select(m.Department).order_by(m.Department.id))
            return [DepartmentInfo(id=d.id, name=d.name, parent_id=d.parent_id) for d in rows]

    def create_department(
        self, actor: Actor, name: str, parent_id: int | None = None
    ) -> DepartmentInfo:
        require(actor, Perm.ADMIN)
        name = _clean_name(name, "部门名称", 200)
        with self.store.write() as s:
            if parent_id is not None:
                self._department(s, parent_id)
            if s.scalar(select(m.Department).where(m.Department.name == name)):
                raise Conflict(f"部门“{name}”已存在")
            d = m.Department(name=name, parent_id=parent_id, created_at=utcnow())
            s.add(d)
            s.flush()
            info = DepartmentInfo(id=d.id, name=d.name, parent_id=d.parent_id)
            self.forget_sign_ins()  # a new unit widens its parent's scope
            self._audit(s, actor, "create_department", "department", d.id, after=info.model_dump())
            return info

    def update_department(
        self,
        actor: Actor,
        department_id: int,
        *,
        name: str | None = None,
        parent_id: int | None = None,
        clear_parent: bool = False,
    ) -> DepartmentInfo:
        require(actor, Perm.ADMIN)
        with self.store.write() as s:
            d = self._department(s, department_id)
            before = DepartmentInfo(id=d.id, name=d.name, parent_id=d.parent_id)
            if name is not None:
                name = _clean_name(name, "部门名称", 200)
                other = s.scalar(select(m.Department).where(m.Department.name == name))
                if other is not None and other.id != d.id:
                    raise Conflict(f"部门“{name}”已存在")
                d.name = name
            if clear_parent:
                d.parent_id = None
            elif parent_id is not None:
                self._department(s, parent_id)
                if parent_id in self._scope(s, department_id):
                    raise Invalid("上级部门不能是该部门自身或其下属单位")
                d.parent_id = parent_id
            after = DepartmentInfo(id=d.id, name=d.name, parent_id=d.parent_id)
            self.forget_sign_ins()
            self._audit(
                s,
                actor,
                "update_department",
                "department",
                d.id,
                before=before.model_dump(),
                after=after.model_dump(),
            )
            return after

    def find_or_create_department(self, actor: Actor, name: str) -> DepartmentInfo:
        """The department of this exact name, created when missing (for batch loading)."""
        require(actor, Perm.ADMIN)
        with self.store.read() as s:
            d = s.scalar(select(m.Department).where(m.Department.name == name.strip()))
            if d is not None:
                return DepartmentInfo(id=d.id, name=d.name, parent_id=d.parent_id)
        return self.create_department(actor, name)

    # -- users ------------------------------------------------------------------------

    def list_users(self, actor: Actor) -> list[UserInfo]:
        require(actor, Perm.ADMIN)
        with self.store.read() as s:
            return [self._user_info(u) for u in s.scalars(select(m.User).order_by(m.User.id))]

    def create_user(
        self,
        actor: Actor,
        name: str,
        role: Role | str,
        *,
        password: str,
        department_id: int | None = None,
        display_name: str = "",
    ) -> UserInfo:
        require(actor, Perm.ADMIN)
        r = role if isinstance(role, Role) else Role.parse(role)
        if r is None:
            raise Invalid(f"角色 {role!r} 无法识别，应为{_roles()}")
        name = _clean_name(name, "用户名", 100)
        problem = password_problem(password)
        if problem:
            raise Invalid(problem)
        if r in (Role.FILLER, Role.LEADER) and department_id is None:
            raise Invalid(f"{r.label}必须属于一个部门")
        with self.store.write() as s:
            if department_id is not None:
                self._department(s, department_id)
            if s.scalar(select(m.User).where(m.User.name == name)):
                raise Conflict(f"用户“{name}”已存在")
            u = m.User(
                name=name,
                display_name=display_name.strip()[:100],
                role=r.value,
                department_id=department_id,
                password_hash=hash_password(password),
                active=True,
                created_at=utcnow(),
                failed_logins=0,
            )
            s.add(u)
            s.flush()
            info = self._user_info(u)
            self._audit(s, actor, "create_user", "user", u.id, after=info.model_dump())
            return info

    def update_user(
        self,
        actor: Actor,
        user_id: int,
        *,
        role: str | None = None,
        department_id: int | None = None,
        active: bool | None = None,
        display_name: str | None = None,
        password: str | None = None,
    ) -> UserInfo:
        require(actor, Perm.ADMIN)
        with self.store.write() as s:
            u = s.get(m.User, user_id)
            if u is None:
                raise NotFound(f"用户 {user_id} 不存在")
            before = self._user_info(u)
            if role is not None:
                r = Role.parse(role)
                if r is None:
                    raise Invalid(f"角色 {role!r} 无法识别，应为{_roles()}")
                u.role = r.value
            if department_id is not None:
                self._department(s, department_id)
                u.department_id = department_id
            if active is not None:
                u.active = active
            if display_name is not None:
                u.display_name = display_name.strip()[:100]
            if password is not None:
                problem = password_problem(password)
                if problem:
                    raise Invalid(problem)
                u.password_hash = hash_password(password)
                u.failed_logins = 0
                u.locked_until = None
            if Role(u.role) in (Role.FILLER, Role.LEADER) and u.department_id is None:
                raise Invalid(f"{Role(u.role).label}必须属于一个部门")
            s.flush()
            after = self._user_info(u)
            self.forget_sign_ins()
            self._audit(
                s,
                actor,
                "update_user",
                "user",
                u.id,
                before=before.model_dump(),
                after=after.model_dump(),
            )
            return after

    @staticmethod
    def _user_info(u: m.User) -> UserInfo:
        return UserInfo(
            id=u.id,
            name=u.name,
            display_name=u.display_name,
            role=u.role,
            role_label=Role(u.role).label,
            department_id=u.department_id,
            department=u.department.name if u.department else None,
            active=u.active,
        )

    # -- cycles -----------------------------------------------------------------------

    def list_cycles(self, actor: Actor | None) -> list[CycleInfo]:
        if actor is None:
            raise Unauthorized("请先登录")
        with self.store.read() as s:
            rows = s.scalars(select(m.Cycle).order_by(m.Cycle.year.desc()))
            return [self._cycle_info(c) for c in rows]

    def get_cycle(self, actor: Actor | None, year: int) -> CycleInfo:
        if actor is None:
            raise Unauthorized("请先登录")
        with self.store.read() as s:
            c = self._cycle(s, year)
            if c is None:
                raise NotFound(f"{year} 年度尚未开启")
            return self._cycle_info(c)

    def open_cycle(
        self,
        actor: Actor,
        year: int,
        *,
        deadline: date | None = None,
        leader_approval: bool = False,
        scheme: str | None = None,
    ) -> CycleInfo:
        """Open a year's round (填报): departments may fill in and submit until the deadline."""
        require(actor, Perm.ADMIN)
        _check_year(year)
        with self.store.write() as s:
            if self._cycle(s, year) is not None:
                raise Conflict(f"{year} 年度已开启")
            key = scheme or "dept-overall"
            self._scheme(s, key)
            c = m.Cycle(
                year=year,
                status="open",
                deadline=deadline,
                leader_approval=leader_approval,
                scheme=key,
                opened_at=utcnow(),
            )
            s.add(c)
            s.flush()
            info = self._cycle_info(c)
            self._audit(s, actor, "open_cycle", "cycle", c.id, after=info.model_dump(mode="json"))
            return info

    def update_cycle(
        self,
        actor: Actor,
        year: int,
        *,
        status: str | None = None,
        deadline: date | None = None,
        clear_deadline: bool = False,
        leader_approval: bool | None = None,
        scheme: str | None = None,
    ) -> CycleInfo:
        """Close or reopen a year, move its deadline, switch the approval step or scheme."""
        require(actor, Perm.ADMIN)
        with self.store.write() as s:
            c = self._cycle(s, year)
            if c is None:
                raise NotFound(f"{year} 年度尚未开启")
            before = self._cycle_info(c).model_dump(mode="json")
            if status is not None:
                if status not in ("open", "closed"):
                    raise Invalid("年度状态应为 open（填报中）或 closed（已关闭）")
                if status != c.status:
                    c.status = status
                    c.closed_at = utcnow() if status == "closed" else None
            if clear_deadline:
                c.deadline = None
            elif deadline is not None:
                c.deadline = deadline
            if leader_approval is not None:
                c.leader_approval = leader_approval
            if scheme is not None:
                self._scheme(s, scheme)
                c.scheme = scheme
            after = self._cycle_info(c)
            self._audit(
                s,
                actor,
                "update_cycle",
                "cycle",
                c.id,
                before=before,
                after=after.model_dump(mode="json"),
            )
            return after

    # -- schemes ----------------------------------------------------------------------

    def list_schemes(self, actor: Actor | None) -> list[SchemeInfo]:
        if actor is None:
            raise Unauthorized("请先登录")
        out = []
        for key in available_schemes():
            out.append(SchemeInfo(key=key, name=load_scheme(key).name, packaged=True))
        with self.store.read() as s:
            for row in s.scalars(select(m.Scheme).order_by(m.Scheme.key)):
                out.append(SchemeInfo(key=row.key, name=row.name, packaged=False))
        return out

    def add_scheme(self, actor: Actor, key: str, toml: str) -> SchemeInfo:
        """Add (or replace) a scoring scheme given as TOML; it is checked before it is kept."""
        require(actor, Perm.ADMIN)
        key = _clean_name(key, "方案名称", 100)
        if key in available_schemes():
            raise Conflict(f"“{key}”是内置评分方案，不能替换；请换一个名称")
        if len(toml) > 200_000:
            raise Invalid("评分方案过长")
        try:
            scheme = parse_scheme(toml, f"评分方案 {key}", key)
        except ScoringError as e:
            raise Invalid(str(e)) from None
        if scheme.id != key:
            raise Invalid(f"评分方案中的 id 为 {scheme.id!r}，应与方案名称 {key!r} 一致")
        with self.store.write() as s:
            row = s.scalar(select(m.Scheme).where(m.Scheme.key == key))
            before = None if row is None else {"key": row.key, "toml": row.toml}
            if row is None:
                row = m.Scheme(key=key, created_at=utcnow(), toml=toml, name=scheme.name)
                s.add(row)
            else:
                row.toml, row.name = toml, scheme.name
            s.flush()
            self._audit(
                s,
                actor,
                "add_scheme",
                "scheme",
                row.id,
                before=before,
                after={"key": key, "toml": toml},
            )
        return SchemeInfo(key=key, name=scheme.name, packaged=False)

    # -- audit log --------------------------------------------------------------------

    def list_audit(
        self, actor: Actor, *, form_id: int | None = None, limit: int = 100, offset: int = 0
    ) -> list[AuditInfo]:
        """The audit log, newest first (administrators; a form's own log: see form_history)."""
        require(actor, Perm.ADMIN)
        with self.store.read() as s:
            return self._audit_rows(s, form_id, limit, offset)

    @staticmethod
    def _audit_rows(s: Session, form_id: int | None, limit: int, offset: int) -> list[AuditInfo]:
        q = select(m.AuditEntry)
        if form_id is not None:
            q = q.where(m.AuditEntry.form_id == form_id)
        q = (
            q.order_by(m.AuditEntry.id.desc())
            .limit(max(1, min(limit, 1000)))
            .offset(max(0, offset))
        )
        return [
            AuditInfo(
                id=a.id,
                at=a.at,
                actor=a.actor_name,
                action=a.action,
                entity=a.entity,
                entity_id=a.entity_id,
                form_id=a.form_id,
                before=jload(a.before),
                after=jload(a.after),
            )
            for a in s.scalars(q)
        ]

    def count_users(self, actor: Actor) -> int:
        require(actor, Perm.ADMIN)
        with self.store.read() as s:
            return s.scalar(select(func.count()).select_from(m.User)) or 0


def _roles() -> str:
    return "、".join(f"{r.value}（{r.label}）" for r in Role)


def _clean_name(name: str, what: str, limit: int) -> str:
    name = " ".join(name.split())
    if not name:
        raise Invalid(f"{what}不能为空")
    if len(name) > limit:
        raise Invalid(f"{what}过长（最多 {limit} 个字符）")
    return name


def _check_year(year: int) -> None:
    if not 1990 <= year <= 2200:
        raise Invalid(f"年度 {year} 不在合理范围内（1990–2200）")
